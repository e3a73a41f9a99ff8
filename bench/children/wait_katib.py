"""The Python SDK waiter of the wait-latency family: one thread per Experiment name read from stdin, each calling
KatibClient.wait_for_experiment_condition(name) with the SDK's default polling_interval (15 s), or the one given;
prints {"started"} and, when it returns, {"resolved", "at": epoch ms}. Protocol lines go to the real stdout; the
SDK's own status prints are discarded. Exits when stdin closes and every wait has ended.

argv: <kubeconfig> <namespace> [<polling_interval seconds>]
"""
import json
import os
import sys
import threading
import time

from kubeflow.katib import KatibClient

kubeconfig, namespace = sys.argv[1], sys.argv[2]
# None: the SDK's default, not passed at all (so the row measures the call as users write it).
polling_interval = int(sys.argv[3]) if len(sys.argv) > 3 else None
out = sys.stdout
lock = threading.Lock()
# The SDK prints the Experiment status on every poll; keep it off the protocol stream.
sys.stdout = open(os.devnull, "w")


def say(message):
    with lock:
        out.write(json.dumps(message) + "\n")
        out.flush()


client = KatibClient(config_file=kubeconfig, namespace=namespace)


def wait(name):
    try:
        options = {} if polling_interval is None else {"polling_interval": polling_interval}
        client.wait_for_experiment_condition(name, namespace=namespace, timeout=120, **options)
        say({"resolved": name, "at": time.time() * 1000})
    except Exception as error:  # reported to the parent, which records the sample as failed
        say({"failed": name, "error": repr(error)})


say({"ready": True})
threads = []
for line in sys.stdin:
    name = line.strip()
    if not name:
        continue
    thread = threading.Thread(target=wait, args=(name,), daemon=True)
    thread.start()
    threads.append(thread)
    say({"started": name})
# Bounded as a whole: at most 150 s after stdin closes, whatever the waits do.
deadline = time.monotonic() + 150
for thread in threads:
    thread.join(timeout=max(0.0, deadline - time.monotonic()))
