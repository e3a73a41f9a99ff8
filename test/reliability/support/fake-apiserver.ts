/**
 * A fake apiserver for one Experiment, on loopback HTTP: GET, LIST and watch (streamed, held open until the test ends it, as
 * the real one does at `timeoutSeconds`), bearer tokens checked against a set the test changes, and every request
 * logged with the token it carried. Enough for waits, watches and token rotation with exact request counts.
 */
import type { ServerResponse } from "node:http";
import type { V1beta1Experiment } from "../../../src/index.ts";
import { startFaultServer, sendStatus, type FaultServer } from "./fault-server.ts";

/** One request as the fake saw it. */
export interface FakeRequest {
  method: string;
  watch: boolean;
  token: string | undefined;
  status: number;
  resourceVersion: string | undefined;
}

/** A running fake. */
export interface FakeApiserver {
  url: string;
  readonly requests: FakeRequest[];
  /** Tokens accepted from now on. */
  validTokens: Set<string>;
  /** Open watch responses. */
  openWatches(): number;
  /** Applies `change` to the Experiment, bumps its resourceVersion and sends a MODIFIED event to open watches. */
  update(change: (experiment: V1beta1Experiment) => V1beta1Experiment): void;
  /** Ends every open watch cleanly (as a server-side timeout does). */
  endWatches(): void;
  /** Writes raw lines to every open watch (for malformed streams). */
  sendRaw(line: string): void;
  close(): Promise<void>;
}

/** Starts the fake with Experiment `team-a/<name>`. */
export async function startFakeApiserver(name: string, validTokens: Iterable<string>): Promise<FakeApiserver> {
  const requests: FakeRequest[] = [];
  const watches = new Set<ServerResponse>();
  let revision = 10;
  let experiment: V1beta1Experiment = {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name, namespace: "team-a", resourceVersion: String(revision) },
    spec: { objective: { type: "maximize", objectiveMetricName: "accuracy" } },
  };
  const state = { validTokens: new Set(validTokens) };
  const itemPath = `/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments/${name}`;
  const collectionPath = "/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments";
  const line = (type: string, object: unknown): string => `${JSON.stringify({ type, object })}\n`;

  const server: FaultServer = await startFaultServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const auth = req.headers["authorization"];
    const token = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : undefined;
    const watch = url.searchParams.get("watch") === "true";
    const record = (status: number): void => {
      requests.push({ method: req.method ?? "", watch, token, status, resourceVersion: url.searchParams.get("resourceVersion") ?? undefined });
    };
    if (token === undefined || !state.validTokens.has(token)) {
      record(401);
      return sendStatus(res, 401, "Unauthorized", "Unauthorized");
    }
    if (url.pathname === itemPath && !watch) {
      record(200);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(experiment));
    }
    if (url.pathname === collectionPath && !watch) {
      record(200);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ apiVersion: "kubeflow.org/v1beta1", kind: "ExperimentList", metadata: { resourceVersion: experiment.metadata?.resourceVersion }, items: [experiment] }));
    }
    if (url.pathname === collectionPath && watch) {
      record(200);
      res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      res.flushHeaders();
      watches.add(res);
      res.on("close", () => watches.delete(res));
      const since = Number(url.searchParams.get("resourceVersion") ?? "0");
      if (Number(experiment.metadata?.resourceVersion) > since) res.write(line("MODIFIED", experiment));
      return;
    }
    record(404);
    sendStatus(res, 404, "NotFound", "the server could not find the requested resource");
  });

  return {
    url: server.url,
    requests,
    get validTokens() {
      return state.validTokens;
    },
    set validTokens(tokens: Set<string>) {
      state.validTokens = tokens;
    },
    openWatches: () => watches.size,
    update(change) {
      experiment = change(structuredClone(experiment));
      experiment.metadata = { ...experiment.metadata, resourceVersion: String(++revision) };
      for (const res of watches) res.write(line("MODIFIED", experiment));
    },
    endWatches() {
      for (const res of [...watches]) res.end();
      watches.clear();
    },
    sendRaw(text) {
      for (const res of watches) res.write(text);
    },
    close: async () => {
      for (const res of watches) res.destroy();
      await server.close();
    },
  };
}
