"""The Katib Python SDK's KatibClient.tune() (PyPI kubeflow-katib 0.19.0), custom objective path, driven by the
e2e tests with one JSON case per run (argv[2], a file path):

  build   prints the Experiment tune() would send (create_experiment captured: nothing is sent); a list of cases
          gives a list
  tune    creates it on the cluster configured as the seed guide does (token, server URL, CA file)
  search  prints what katib.search.<kind>(**args) gives, serialized as the SDK sends it

A case: {"name", "objective_file", "objective_name", "parameters": {key: {"search": kind, "args": {...}} |
{"value": v}}, "kwargs": {tune()'s other arguments, snake_case}}; resources_per_trial {"trainer": {num_workers,
num_procs_per_worker, resources_per_worker}} is a TrainerResources. Model objects arrive as JSON and are read into
the SDK's classes by the SDK's own deserializer, so tune() sees what a Python user passes."""

import contextlib
import importlib.util
import json
import os
import sys

import kubeflow.katib as katib
from kubeflow.katib import models
from kubeflow.katib.api_client import ApiClient as KatibApiClient
from kubeflow.katib.types.types import TrainerResources
from kubernetes import client


def katib_client() -> katib.KatibClient:
    configuration = client.Configuration()
    configuration.host = os.environ["K8S_API_SERVER"]
    configuration.api_key = {"authorization": f"Bearer {os.environ['K8S_SERVICE_ACCOUNT_TOKEN']}"}
    configuration.verify_ssl = True
    configuration.ssl_ca_cert = os.environ["K8S_CA_FILE"]
    return katib.KatibClient(client_configuration=configuration, namespace=os.environ["NAMESPACE"])


def objective_of(case: dict):
    """The objective function, imported from its file so that inspect.getsource reads it as tune() does."""
    spec = importlib.util.spec_from_file_location("tune_objective", case["objective_file"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, case["objective_name"])


def search_space(kind: str, args: dict, sdk_helper: bool = False):
    if kind == "categorical" and not sdk_helper:
        # katib.search.categorical passes its list positionally to V1beta1FeasibleSpace, whose first parameter is
        # `distribution` (kubeflow/katib#2625): the spec the helper means, built as the workaround does.
        return models.V1beta1ParameterSpec(parameter_type="categorical", feasible_space=models.V1beta1FeasibleSpace(list=args["list"]))
    return getattr(katib.search, kind)(**args)


def tune_arguments(case: dict) -> dict:
    kubernetes_models = client.ApiClient()
    katib_models = KatibApiClient()
    read = lambda api, data, kind: api._ApiClient__deserialize(data, kind)  # the SDK's JSON-to-model reader
    parameters = {}
    for key, value in case["parameters"].items():
        parameters[key] = search_space(value["search"], value["args"], value.get("sdk_helper", False)) if "search" in value else value["value"]
    kwargs = dict(case.get("kwargs", {}))
    settings = kwargs.get("algorithm_settings")
    if isinstance(settings, list):
        kwargs["algorithm_settings"] = [read(katib_models, setting, "V1beta1AlgorithmSetting") for setting in settings]
    def resources_of(resources):
        if isinstance(resources, dict) and "requirements" in resources:
            return read(kubernetes_models, resources["requirements"], "V1ResourceRequirements")
        if isinstance(resources, dict) and "trainer" in resources:
            trainer = resources["trainer"]
            return TrainerResources(trainer["num_workers"], trainer["num_procs_per_worker"], resources_of(trainer["resources_per_worker"]))
        return resources
    if "resources_per_trial" in kwargs:
        kwargs["resources_per_trial"] = resources_of(kwargs["resources_per_trial"])
    env = kwargs.get("env_per_trial")
    if isinstance(env, list):
        kwargs["env_per_trial"] = [read(kubernetes_models, entry["env"], "V1EnvVar") if "env" in entry else read(kubernetes_models, entry["env_from"], "V1EnvFromSource") for entry in env]
    return {"name": case["name"], "objective": objective_of(case), "parameters": parameters, **kwargs}


def llm_arguments(case: dict) -> dict:
    """The LLM path: the case's "llm" holds model, dataset, training, lora (snake_case fields; search spaces as
    {"search": kind, "args": {...}}), the rest of tune()'s arguments are in kwargs."""
    import dataclasses

    import transformers
    from kubeflow.storage_initializer.hugging_face import HuggingFaceDatasetParams, HuggingFaceModelParams, HuggingFaceTrainerParams
    from kubeflow.storage_initializer.s3 import S3DatasetParams
    from peft import LoraConfig

    def values(fields: dict, cls) -> dict:
        # A whole number for a float field arrives as a JSON int: a Python user writes 2.0 there. Not for the *_steps
        # fields, which transformers takes as an int or a ratio below 1 (a user writes logging_steps=10).
        floats = {f.name for f in dataclasses.fields(cls) if f.type is float and not f.name.endswith("_steps")}
        out = {}
        for key, value in fields.items():
            if isinstance(value, dict) and "search" in value:
                out[key] = search_space(value["search"], value["args"])
            else:
                out[key] = float(value) if key in floats and isinstance(value, int) else value
        return out

    llm = case["llm"]
    model = dict(llm["model"])
    model["transformer_type"] = getattr(transformers, model["transformer_type"])
    dataset = llm["dataset"]
    trainer = HuggingFaceTrainerParams(
        training_parameters=transformers.TrainingArguments(**values(llm["training"], transformers.TrainingArguments)),
        **({"lora_config": LoraConfig(**values(llm["lora"], LoraConfig))} if llm.get("lora") is not None else {}),
    )
    kwargs = dict(case.get("kwargs", {}))
    trainer_resources = kwargs["resources_per_trial"]["trainer"]
    per_worker = trainer_resources["resources_per_worker"]
    if isinstance(per_worker, dict) and "requirements" in per_worker:
        per_worker = client.ApiClient()._ApiClient__deserialize(per_worker["requirements"], "V1ResourceRequirements")
    kwargs["resources_per_trial"] = TrainerResources(trainer_resources["num_workers"], trainer_resources["num_procs_per_worker"], per_worker)
    return {
        "name": case["name"],
        "model_provider_parameters": HuggingFaceModelParams(**model),
        "dataset_provider_parameters": S3DatasetParams(**dataset) if "bucket_name" in dataset else HuggingFaceDatasetParams(**dataset),
        "trainer_parameters": trainer,
        **kwargs,
    }


def arguments(case: dict) -> dict:
    return llm_arguments(case) if "llm" in case else tune_arguments(case)


def build(case: dict) -> dict:
    sent = []
    sdk = katib.KatibClient.__new__(katib.KatibClient)  # no cluster: nothing but tune() and the capture run
    sdk.namespace = case.get("namespace", "default")
    sdk.create_experiment = lambda experiment, namespace=None: sent.append(client.ApiClient().sanitize_for_serialization(experiment))
    sdk.core_api = PvcCapture(sent)
    sdk.tune(**arguments(case))
    return sent[-1] if "llm" not in case else {"experiment": sent[-1], "pvc": sent[0]}


class PvcCapture:
    """The core API's PVC creation, captured: the LLM path creates its PVC before the Experiment."""

    def __init__(self, sent: list):
        self.sent = sent

    def create_namespaced_persistent_volume_claim(self, namespace, body):
        self.sent.append(client.ApiClient().sanitize_for_serialization(body))


def main(action: str, case_file: str) -> object:
    with open(case_file) as file:
        case = json.load(file)
    if action == "search":
        return client.ApiClient().sanitize_for_serialization(getattr(katib.search, case["kind"])(**case["args"]))
    if action == "build":
        return [build(one) for one in case] if isinstance(case, list) else build(case)
    if action == "tune":
        try:
            katib_client().tune(**arguments(case))
        except RuntimeError as error:
            # The SDK wraps the API's answer in a RuntimeError of its own: the answer is the context.
            raise SystemExit(f"{error}: {error.__context__}")
        return case["name"]
    raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    # The SDK prints progress of its own: stdout carries only the JSON result.
    with contextlib.redirect_stdout(sys.stderr):
        result = main(*sys.argv[1:])
    print(json.dumps(result))
