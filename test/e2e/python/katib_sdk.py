"""The Katib Python SDK's KatibClient (PyPI kubeflow-katib 0.19.0), configured as the seed guide does (token, server
URL, CA file), driven by the e2e tests: one action per run, its result as JSON on stdout, so both SDKs can be
compared on the same box."""

import contextlib
import json
import os
import sys

from kubernetes import client
from kubeflow.katib import KatibClient


def katib_client() -> KatibClient:
    configuration = client.Configuration()
    configuration.host = os.environ["K8S_API_SERVER"]
    configuration.api_key = {"authorization": f"Bearer {os.environ['K8S_SERVICE_ACCOUNT_TOKEN']}"}
    configuration.verify_ssl = True
    configuration.ssl_ca_cert = os.environ["K8S_CA_FILE"]
    return KatibClient(client_configuration=configuration, namespace=os.environ["NAMESPACE"])


def main(action: str, *args: str) -> object:
    katib = katib_client()
    if action == "create":
        katib.create_experiment(json.loads(args[0]))
        return args and json.loads(args[0])["metadata"]["name"]
    if action == "wait":
        experiment = katib.wait_for_experiment_condition(name=args[0], timeout=120, polling_interval=1)
        return [condition.type for condition in experiment.status.conditions if condition.status == "True"]
    if action == "experiments":
        return sorted(experiment.metadata.name for experiment in katib.list_experiments())
    if action == "trials":
        return sorted(trial.metadata.name for trial in katib.list_trials(experiment_name=args[0]))
    if action == "optimal":
        optimal = katib.get_optimal_hyperparameters(name=args[0])
        return None if optimal is None else optimal.to_dict()
    if action == "success":
        return sorted((detail["name"] for detail in katib.get_success_trial_details(experiment_name=args[0])))
    if action == "metrics":
        # The SDK's documented way from outside the cluster: a port-forward of the DB manager's Service (args[1]).
        logs = katib.get_trial_metrics(name=args[0], db_manager_address=args[1])
        return [{"time_stamp": log.time_stamp, "metric": {"name": log.metric.name, "value": log.metric.value}} for log in logs]
    raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    # The SDK prints progress of its own: stdout carries only the JSON result.
    with contextlib.redirect_stdout(sys.stderr):
        result = main(*sys.argv[1:])
    print(json.dumps(result))
