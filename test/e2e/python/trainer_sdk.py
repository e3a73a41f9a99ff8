"""The Kubeflow Python SDK's TrainerClient, configured as the seed guide does (token, server URL, CA file), driven
by the e2e tests: one action per run, its result as JSON on stdout, so both SDKs can be compared on the same box."""

import contextlib
import json
import os
import sys

from kubernetes import client
from kubeflow.common.types import KubernetesBackendConfig
from kubeflow.trainer import CustomTrainerContainer, TrainerClient


def trainer_client() -> TrainerClient:
    configuration = client.Configuration()
    configuration.host = os.environ["K8S_API_SERVER"]
    configuration.api_key = {"authorization": f"Bearer {os.environ['K8S_SERVICE_ACCOUNT_TOKEN']}"}
    configuration.verify_ssl = True
    configuration.ssl_ca_cert = os.environ["K8S_CA_FILE"]
    backend_config = KubernetesBackendConfig(client_configuration=configuration, namespace=os.environ["NAMESPACE"])
    return TrainerClient(backend_config=backend_config)


def job_summary(job) -> dict:
    return {
        "name": job.name,
        "runtime": job.runtime.name,
        "status": job.status,
        "numNodes": job.num_nodes,
        "steps": [[step.name, step.status] for step in job.steps],
    }


def main(action: str, *args: str) -> object:
    trainer = trainer_client()
    if action == "runtimes":
        return sorted(runtime.name for runtime in trainer.list_runtimes())
    if action == "train":
        container = CustomTrainerContainer(image="pytorch/pytorch:2.5.1", num_nodes=2, resources_per_node={"cpu": 2})
        return trainer.train(runtime=trainer.get_runtime("torch-distributed"), trainer=container)
    if action == "wait":
        return job_summary(trainer.wait_for_job_status(name=args[0], timeout=90, polling_interval=1))
    if action == "job":
        return job_summary(trainer.get_job(name=args[0]))
    if action == "jobs":
        return sorted(job.name for job in trainer.list_jobs())
    if action == "logs":
        return [line.rstrip("\n") for line in trainer.get_job_logs(name=args[0], step=args[1])]
    if action == "delete":
        trainer.delete_job(name=args[0])
        return None
    raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    # The SDK prints progress of its own: stdout carries only the JSON result.
    with contextlib.redirect_stdout(sys.stderr):
        result = main(*sys.argv[1:])
    print(json.dumps(result))
