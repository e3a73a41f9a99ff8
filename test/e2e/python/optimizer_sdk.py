"""The Kubeflow SDK's OptimizerClient (PyPI kubeflow 0.5.0), driven by the e2e tests with one JSON case per run
(argv[2], a file path):

  build     prints the Experiment optimize() would send (the create call captured: nothing is sent), the runtime read
            from the case's runtime object as get_runtime reads it; a list of cases gives a list
  refuse    runs optimize() offline for each case of a list and prints the error each raised (type and message)
  optimize  creates it on the cluster configured as the seed guide does (token, server URL, CA file); prints its name
  job, jobs, best, events, logs, wait
            print get_job(name), list_jobs(), get_best_results(name), get_job_events(name), get_job_logs(name, trial),
            wait_for_job_status(name, status) as plain dicts: the case is {"name", "trial"?, "status"?}

A case for build/optimize: {"runtime": name | {"object": runtime CR}, "trainer": {"class": "CustomTrainer", "args"},
"initializer": …, "search_space": {name: {"helper": "uniform"|"loguniform"|"choice", "args": [...]}}, "objectives":
[{"metric", "direction"}], "algorithm": {"class": "GridSearch"|"RandomSearch", "args"}, "trial_config": {…}}. The
trainer and initializer are read as trainer_train.py reads them."""

import contextlib
import json
import os
import sys

from kubernetes import client
from kubeflow.common.types import KubernetesBackendConfig
from kubeflow.optimizer import GridSearch, Objective, OptimizerClient, RandomSearch, Search, TrainJobTemplate, TrialConfig
from kubeflow.optimizer.backends.kubernetes.backend import KubernetesBackend

import trainer_train


def optimizer_client() -> OptimizerClient:
    configuration = client.Configuration()
    configuration.host = os.environ["K8S_API_SERVER"]
    configuration.api_key = {"authorization": f"Bearer {os.environ['K8S_SERVICE_ACCOUNT_TOKEN']}"}
    configuration.verify_ssl = True
    configuration.ssl_ca_cert = os.environ["K8S_CA_FILE"]
    return OptimizerClient(backend_config=KubernetesBackendConfig(client_configuration=configuration, namespace=os.environ["NAMESPACE"]))


def arguments_of(case: dict, runtime) -> dict:
    template = TrainJobTemplate(
        trainer=trainer_train.trainer_of(case["trainer"]),
        runtime=runtime,
        initializer=trainer_train.initializer_of(case.get("initializer")),
    )
    helpers = {"uniform": Search.uniform, "loguniform": Search.loguniform, "choice": Search.choice}
    algorithms = {"GridSearch": GridSearch, "RandomSearch": RandomSearch}
    return {
        "trial_template": template,
        "search_space": {name: helpers[spec["helper"]](*spec["args"]) for name, spec in case.get("search_space", {}).items()},
        "objectives": [Objective(**objective) for objective in case["objectives"]] if "objectives" in case else None,
        "algorithm": algorithms[case["algorithm"]["class"]](**case["algorithm"].get("args", {})) if "algorithm" in case else None,
        "trial_config": TrialConfig(**case["trial_config"]) if "trial_config" in case else None,
    }


def offline_backend(case: dict, sent: list):
    """An optimizer backend with no cluster: the runtime read from the case's object, the create call captured."""
    trainer_backend, runtime = trainer_train.offline_backend(case, [])
    backend = KubernetesBackend.__new__(KubernetesBackend)
    backend.namespace = case.get("namespace", "default")
    backend.custom_api = type("Capture", (), {"create_namespaced_custom_object": lambda self, g, v, ns, plural, body: sent.append(body)})()
    backend.trainer_backend = trainer_backend
    return backend, runtime


def build(case: dict) -> dict:
    sent = []
    backend, runtime = offline_backend(case, sent)
    backend.optimize(**arguments_of(case, runtime))
    return sent[0]


def refuse(case: dict) -> dict | None:
    sent = []
    try:
        backend, runtime = offline_backend(case, sent)
        backend.optimize(**arguments_of(case, runtime))
    except Exception as error:
        return {"type": type(error).__name__, "message": str(error)}
    return None


def metric_dict(metric) -> dict:
    return {"name": metric.name, "min": metric.min, "max": metric.max, "latest": metric.latest}


def job_dict(job) -> dict:
    def space(value) -> dict:
        if hasattr(value, "choices"):
            return {"kind": "categorical", "choices": value.choices}
        return {"kind": "continuous", "min": value.min, "max": value.max, "distribution": value.distribution.value}

    algorithm = {"algorithmName": job.algorithm.algorithm_name}
    if getattr(job.algorithm, "random_state", None) is not None:
        algorithm["randomState"] = job.algorithm.random_state
    trial_config = {"numTrials": job.trial_config.num_trials, "parallelTrials": job.trial_config.parallel_trials}
    if job.trial_config.max_failed_trials is not None:
        trial_config["maxFailedTrials"] = job.trial_config.max_failed_trials
    return {
        "name": job.name,
        "searchSpace": {name: space(value) for name, value in job.search_space.items()},
        "objectives": [{"metric": o.metric, "direction": o.direction.value} for o in job.objectives],
        "algorithm": algorithm,
        "trialConfig": trial_config,
        "trials": [
            {
                "name": t.name,
                "parameters": t.parameters,
                "metrics": [metric_dict(m) for m in t.metrics],
                "trainJob": {"name": t.trainjob.name, "status": t.trainjob.status, "runtime": t.trainjob.runtime.name},
            }
            for t in job.trials
        ],
        "creationTimestamp": job.creation_timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": job.status,
    }


def main(action: str, case_file: str) -> object:
    with open(case_file) as file:
        case = json.load(file)
    if action == "build":
        return [build(one) for one in case] if isinstance(case, list) else build(case)
    if action == "refuse":
        return [refuse(one) for one in case]
    sdk = optimizer_client()
    if action == "optimize":
        try:
            return sdk.optimize(**arguments_of(case, case.get("runtime")))
        except RuntimeError as error:
            raise SystemExit(f"{error}: {error.__context__}")
    if action == "job":
        return job_dict(sdk.get_job(case["name"]))
    if action == "jobs":
        return [job_dict(job) for job in sdk.list_jobs()]
    if action == "best":
        result = sdk.get_best_results(case["name"])
        return None if result is None else {"parameters": result.parameters, "metrics": [metric_dict(m) for m in result.metrics]}
    if action == "events":
        return [
            {"kind": e.involved_object_kind, "name": e.involved_object_name, "reason": e.reason, "message": e.message}
            for e in sdk.get_job_events(case["name"])
        ]
    if action == "logs":
        return list(sdk.get_job_logs(case["name"], trial_name=case.get("trial")))
    if action == "wait":
        return job_dict(sdk.wait_for_job_status(case["name"], status=set(case.get("status", ["Complete"])), timeout=case.get("timeout", 600)))
    raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    with contextlib.redirect_stdout(sys.stderr):
        result = main(*sys.argv[1:])
    print(json.dumps(result))
