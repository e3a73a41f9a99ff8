/**
 * The DB manager's GetObservationLog call against a real HTTP/2 server playing the DB manager, for the exact shapes
 * of its answers: a log, a gRPC error, an answer that is not gRPC, a silent server. (The real DB manager answers in
 * test/e2e/katib-trial-metrics.test.ts.)
 */
import { createServer, type Http2Server, type ServerHttp2Stream } from "node:http2";
import { connect, type AddressInfo } from "node:net";
import { PbfReader, PbfWriter } from "pbf";
import { afterEach, expect, test } from "vitest";
import { getObservationLog } from "../../src/katib/db-manager.ts";
import { DbManagerError } from "../../src/katib/katib-errors.ts";

const servers: Http2Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A plaintext HTTP/2 server whose streams `answer` handles; resolves with a connection to it. */
async function dbManager(answer: (stream: ServerHttp2Stream, request: Buffer, headers: Record<string, unknown>) => void) {
  const server = createServer();
  servers.push(server);
  server.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => answer(stream, Buffer.concat(chunks), headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return () => connect(port, "127.0.0.1");
}

function framed(message: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** GetObservationLogReply with these logs, field numbers after Katib's api.proto, and an unknown field to skip. */
function reply(logs: { timeStamp: string; name: string; value: string }[]): Uint8Array {
  const writer = new PbfWriter();
  writer.writeMessage(
    1,
    (entries: typeof logs, observationLog) => {
      for (const log of entries) {
        observationLog.writeMessage(
          1,
          (entry: typeof log, metricLog) => {
            metricLog.writeStringField(1, entry.timeStamp);
            metricLog.writeVarintField(9, 42);
            metricLog.writeMessage(
              2,
              (m: typeof log, metric) => {
                metric.writeStringField(1, m.name);
                metric.writeStringField(2, m.value);
              },
              entry,
            );
          },
          log,
        );
      }
    },
    logs,
  );
  return writer.finish();
}

/** The string fields of a message, by field number. */
function fields(message: Buffer): Record<number, string> {
  return new PbfReader(message).readFields((tag, out: Record<number, string>, pbf) => (out[tag] = pbf.readString()), {});
}

test("sends the Trial and metric names to DBManager/GetObservationLog and returns the log in order", async () => {
  let seen: { path?: unknown; contentType?: unknown; timeout?: unknown; fields?: Record<number, string> } = {};
  const open = await dbManager((stream, request, headers) => {
    seen = { path: headers[":path"], contentType: headers["content-type"], timeout: headers["grpc-timeout"], fields: fields(request.subarray(5)) };
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(
      framed(
        reply([
          { timeStamp: "2026-12-03T10:00:00Z", name: "accuracy", value: "0.91" },
          { timeStamp: "2026-12-03T10:00:05Z", name: "accuracy", value: "0.95" },
        ]),
      ),
    );
  });
  const logs = await getObservationLog(open(), { trialName: "random-abc", metricName: "accuracy" }, { timeoutMs: 5_000 });
  expect(logs).toEqual([
    { timeStamp: "2026-12-03T10:00:00Z", metric: { name: "accuracy", value: "0.91" } },
    { timeStamp: "2026-12-03T10:00:05Z", metric: { name: "accuracy", value: "0.95" } },
  ]);
  expect(seen).toEqual({ path: "/api.v1.beta1.DBManager/GetObservationLog", contentType: "application/grpc", timeout: "5000m", fields: { 1: "random-abc", 2: "accuracy" } });
});

test("an empty log (a Trial with no metrics yet) is an empty list", async () => {
  const open = await dbManager((stream) => {
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(framed(new Uint8Array()));
  });
  expect(await getObservationLog(open(), { trialName: "t" })).toEqual([]);
});

test("a gRPC error (trailers-only, as Go's gRPC sends it) is a DbManagerError with its status and message", async () => {
  const open = await dbManager((stream) => {
    stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": "13", "grpc-message": "connection%20refused%20to%20postgres" }, { endStream: true });
  });
  const error = await getObservationLog(open(), { trialName: "t" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DbManagerError);
  expect(error).toMatchObject({ grpcStatus: 13, message: "GetObservationLog failed with gRPC status 13: connection refused to postgres" });
});

test("an HTTP answer that is not gRPC says so", async () => {
  const open = await dbManager((stream) => {
    stream.respond({ ":status": 404, "content-type": "text/plain" });
    stream.end("no such service");
  });
  await expect(getObservationLog(open(), { trialName: "t" })).rejects.toThrow("the DB manager answered HTTP 404, not gRPC");
});

test("a body cut short, and an answer without a status, are errors, not partial logs", async () => {
  const open = await dbManager((stream) => {
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(framed(reply([{ timeStamp: "x", name: "accuracy", value: "1" }])).subarray(0, 12));
  });
  await expect(getObservationLog(open(), { trialName: "t" })).rejects.toThrow("the DB manager's answer was cut short");

  const silentStatus = await dbManager((stream) => {
    stream.respond({ ":status": 200, "content-type": "application/grpc" });
    stream.end(framed(new Uint8Array()));
  });
  await expect(getObservationLog(silentStatus(), { trialName: "t" })).rejects.toThrow("the DB manager's answer ended without a gRPC status");
});

test("a DB manager that never answers fails at the deadline", async () => {
  const open = await dbManager(() => {
    // Never answers.
  });
  const error = await getObservationLog(open(), { trialName: "t" }, { timeoutMs: 300 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DbManagerError);
  expect(error).toMatchObject({ grpcStatus: 4, message: "GetObservationLog had no answer within 300 ms" });
});
