"""Lists every Experiment of a namespace with the Katib Python SDK (KatibClient.list_experiments: one call, then
each item deserialized into a V1beta1Experiment model) and reports the time and the process's peak RSS.

argv: <kubeconfig> <namespace>. Prints {"items", "listMs", "maxRssKiB"} as the last line.
"""
import json
import resource
import sys
import time

from kubeflow.katib import KatibClient

kubeconfig, namespace = sys.argv[1], sys.argv[2]
client = KatibClient(config_file=kubeconfig, namespace=namespace)
t0 = time.perf_counter()
items = client.list_experiments(namespace=namespace, timeout=300)
list_ms = (time.perf_counter() - t0) * 1000
# ru_maxrss is in KiB on Linux.
print(json.dumps({"items": len(items), "listMs": list_ms, "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
