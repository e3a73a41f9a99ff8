"""The Kubeflow Python SDK's TrainerClient.train() (PyPI kubeflow 0.5.0), driven by the e2e tests with one JSON case
per run (argv[2], a file path):

  build     prints the TrainJob train() would send (the create call captured: nothing is sent), the runtime read
            from the case's runtime object as get_runtime reads it; a list of cases gives a list
  train     creates it on the cluster configured as the seed guide does (token, server URL, CA file); prints its name
  runtimes  prints get_runtime(name) for each of the case's "runtimes" as a dict (trainer type, framework, image,
            nodes, device, count, command)
  packages  prints the TrainJob get_runtime_packages(get_runtime(name)) would create (nothing is sent)

A case: {"runtime": name | {"object": runtime CR}, "trainer": {"class": …, "args": {…}}, "initializer":
{"dataset"|"model": {"class": …, "args": {…}}}, "options": [{"class": …, "args": {…}}]}. A CustomTrainer's function
is {"func_file", "func_name"}: imported from its file, so that inspect.getsource and inspect.getfile read it as
train() does. Option and config objects are the SDK's dataclasses, built from the case's snake_case arguments."""

import contextlib
import importlib.util
import json
import os
import sys

from kubernetes import client
from kubeflow.common.types import KubernetesBackendConfig
from kubeflow.trainer import (
    BuiltinTrainer,
    CustomTrainer,
    CustomTrainerContainer,
    DataFormat,
    DataType,
    Initializer,
    LoraConfig,
    Loss,
    TorchTuneConfig,
    TorchTuneInstructDataset,
    TrainerClient,
)
import kubeflow.trainer as trainer_types
from kubeflow.trainer import options as sdk_options
from kubeflow.trainer.backends.kubernetes.backend import KubernetesBackend
from kubeflow_trainer_api import models


def trainer_client() -> TrainerClient:
    configuration = client.Configuration()
    configuration.host = os.environ["K8S_API_SERVER"]
    configuration.api_key = {"authorization": f"Bearer {os.environ['K8S_SERVICE_ACCOUNT_TOKEN']}"}
    configuration.verify_ssl = True
    configuration.ssl_ca_cert = os.environ["K8S_CA_FILE"]
    backend_config = KubernetesBackendConfig(client_configuration=configuration, namespace=os.environ["NAMESPACE"])
    return TrainerClient(backend_config=backend_config)


def function_of(args: dict):
    spec = importlib.util.spec_from_file_location(f"train_case_{abs(hash(args['func_file']))}", args["func_file"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, args["func_name"])


def torchtune_config(args: dict) -> TorchTuneConfig:
    args = dict(args)
    if "dtype" in args:
        args["dtype"] = DataType(args["dtype"])
    if "loss" in args:
        args["loss"] = Loss(args["loss"])
    if "peft_config" in args:
        args["peft_config"] = LoraConfig(**args["peft_config"])
    if "dataset_preprocess_config" in args:
        dataset = dict(args["dataset_preprocess_config"])
        if "source" in dataset:
            dataset["source"] = DataFormat(dataset["source"])
        args["dataset_preprocess_config"] = TorchTuneInstructDataset(**dataset)
    return TorchTuneConfig(**args)


def trainer_of(spec: dict | None):
    if spec is None:
        return None
    args = dict(spec["args"])
    if spec["class"] == "CustomTrainer":
        func = args.pop("func")
        return CustomTrainer(func=function_of(func), **args)
    if spec["class"] == "CustomTrainerContainer":
        return CustomTrainerContainer(**args)
    if spec["class"] == "BuiltinTrainer":
        return BuiltinTrainer(config=torchtune_config(args["config"]))
    raise SystemExit(f"unknown trainer {spec['class']}")


def initializer_of(spec: dict | None):
    if spec is None:
        return None
    built = {key: getattr(trainer_types, value["class"])(**value["args"]) for key, value in spec.items()}
    return Initializer(**built)


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


# The RuntimePatch dataclasses by their place in the patch: a camelCase dict becomes the nested dataclasses a Python
# user writes (dict-typed fields, such as metadata or volumes, stay dicts).
PATCH_CLASSES = {
    "trainingRuntimeSpec": sdk_options.TrainingRuntimeSpecPatch,
    "template@TrainingRuntimeSpecPatch": sdk_options.JobSetTemplatePatch,
    "spec@JobSetTemplatePatch": sdk_options.JobSetSpecPatch,
    "replicatedJobs@JobSetSpecPatch": sdk_options.ReplicatedJobPatch,
    "template@ReplicatedJobPatch": sdk_options.JobTemplatePatch,
    "spec@JobTemplatePatch": sdk_options.JobSpecPatch,
    "template@JobSpecPatch": sdk_options.PodTemplatePatch,
    "spec@PodTemplatePatch": sdk_options.PodSpecPatch,
    "containers@PodSpecPatch": sdk_options.ContainerPatch,
    "initContainers@PodSpecPatch": sdk_options.ContainerPatch,
}


def patch_of(cls, value: dict):
    args = {}
    for key, item in value.items():
        nested = PATCH_CLASSES.get(f"{key}@{cls.__name__}")
        if nested and isinstance(item, list):
            item = [patch_of(nested, one) for one in item]
        elif nested:
            item = patch_of(nested, item)
        args[snake(key)] = item
    return cls(**args)


def option_of(spec: dict):
    if spec["class"] == "RuntimePatch":
        patch = spec["args"]
        return sdk_options.RuntimePatch(training_runtime_spec=patch_of(sdk_options.TrainingRuntimeSpecPatch, patch["trainingRuntimeSpec"]) if "trainingRuntimeSpec" in patch else None)
    return getattr(sdk_options, spec["class"])(**spec["args"])


def arguments_of(case: dict) -> dict:
    return {
        "trainer": trainer_of(case.get("trainer")),
        "initializer": initializer_of(case.get("initializer")),
        "options": [option_of(option) for option in case.get("options", [])] or None,
    }


def offline_backend(case: dict, sent: list) -> tuple[KubernetesBackend, object]:
    """A backend with no cluster: the runtime read from the case's object, the create call captured."""
    backend = KubernetesBackend.__new__(KubernetesBackend)
    backend.namespace = case.get("namespace", "default")
    backend.custom_api = type("Capture", (), {"create_namespaced_custom_object": lambda self, g, v, ns, plural, body: sent.append(body)})()
    runtime_object = case["runtime"]["object"]
    model = models.TrainerV1alpha1ClusterTrainingRuntime if runtime_object["kind"] == "ClusterTrainingRuntime" else models.TrainerV1alpha1TrainingRuntime
    runtime = backend._KubernetesBackend__get_runtime_from_cr(model.from_dict(runtime_object))
    backend.get_runtime = lambda name: runtime
    return backend, runtime


def build(case: dict) -> dict:
    sent = []
    backend, runtime = offline_backend(case, sent)
    backend.train(runtime=runtime, **arguments_of(case))
    return sent[0]


def runtime_dict(runtime) -> dict:
    trainer = runtime.trainer
    return {
        "name": runtime.name,
        "kind": runtime.kind.value,
        "trainerType": trainer.trainer_type.value,
        "framework": trainer.framework,
        "image": trainer.image,
        "numNodes": trainer.num_nodes,
        "device": trainer.device,
        "deviceCount": trainer.device_count,
        "command": list(trainer.command),
    }


def packages(case: dict) -> dict:
    """The TrainJob get_runtime_packages creates, captured; its wait, logs and delete do nothing."""
    sent = []
    backend, runtime = offline_backend(case, sent)
    backend.wait_for_job_status = lambda name: None
    backend.get_job_logs = lambda name: iter(())
    backend.delete_job = lambda name: None
    backend.get_runtime_packages(runtime)
    return sent[0]


def main(action: str, case_file: str) -> object:
    with open(case_file) as file:
        case = json.load(file)
    if action == "build":
        return [build(one) for one in case] if isinstance(case, list) else build(case)
    if action == "packages":
        return packages(case)
    sdk = trainer_client()
    if action == "runtimes":
        return [runtime_dict(sdk.get_runtime(name)) for name in case["runtimes"]]
    if action == "train":
        try:
            return sdk.train(runtime=case.get("runtime"), **arguments_of(case))
        except RuntimeError as error:
            # The SDK wraps the API's answer in a RuntimeError of its own: the answer is the context.
            raise SystemExit(f"{error}: {error.__context__}")
    raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    # The SDK prints progress of its own: stdout carries only the JSON result.
    with contextlib.redirect_stdout(sys.stderr):
        result = main(*sys.argv[1:])
    print(json.dumps(result))
