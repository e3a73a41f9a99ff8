/**
 * Katib's DB manager (`api.v1.beta1.DBManager`, gRPC on port 6789) for the one call a user needs from it:
 * GetObservationLog, the metrics Katib's collectors recorded for a Trial. One unary gRPC call over Node's HTTP/2
 * client on a connection given by the caller (a port-forward through the API server, or a plain TCP socket);
 * messages are read and written with pbf (a small protobuf wire codec), after Katib's api.proto.
 */
import { connect as connectHttp2, constants as http2, type ClientHttp2Session } from "node:http2";
import type { Duplex } from "node:stream";
import { PbfReader, PbfWriter } from "pbf";
import { DbManagerError, GRPC_STATUS } from "./katib-errors.ts";

/** One value of one metric, reported for a Trial at a time (Katib's `MetricLog`). */
export interface MetricLog {
  /** RFC 3339. */
  timeStamp: string;
  metric: { name: string; value: string };
}

/** What to read (Katib's `GetObservationLogRequest`). Katib keys observation logs by Trial name alone. */
export interface ObservationLogQuery {
  trialName: string;
  /** Only this metric; all metrics when left out. */
  metricName?: string;
  /** RFC 3339 bounds of the time range. */
  startTime?: string;
  endTime?: string;
}

const GET_OBSERVATION_LOG = "/api.v1.beta1.DBManager/GetObservationLog";
const { UNKNOWN, DEADLINE_EXCEEDED } = GRPC_STATUS;

/** Options of {@link getObservationLog}. */
export interface DbManagerCallOptions {
  signal?: AbortSignal;
  /** The call's deadline, sent to the server too. Default 30 s. */
  timeoutMs?: number;
}

/** Calls GetObservationLog on the DB manager at the other end of `connection`; closes the connection after. */
export async function getObservationLog(connection: Duplex, query: ObservationLogQuery, options: DbManagerCallOptions = {}): Promise<MetricLog[]> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const session = connectHttp2("http://katib-db-manager", { createConnection: () => connection });
  try {
    const body = await unaryCall(session, GET_OBSERVATION_LOG, encodeQuery(query), timeoutMs, options.signal);
    return decodeObservationLog(body);
  } finally {
    session.destroy();
    connection.destroy();
  }
}

function unaryCall(session: ClientHttp2Session, path: string, message: Uint8Array, timeoutMs: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown): void => reject(error instanceof DbManagerError ? error : new DbManagerError(`the DB manager could not be reached: ${describe(error)}`, UNKNOWN, { cause: error }));
    session.once("error", fail);
    const stream = session.request(
      {
        [http2.HTTP2_HEADER_METHOD]: "POST",
        [http2.HTTP2_HEADER_PATH]: path,
        [http2.HTTP2_HEADER_CONTENT_TYPE]: "application/grpc",
        [http2.HTTP2_HEADER_TE]: "trailers",
        "grpc-timeout": `${Math.max(1, Math.ceil(timeoutMs))}m`,
      },
      signal ? { signal } : {},
    );
    stream.setTimeout(timeoutMs, () => {
      stream.close(http2.NGHTTP2_CANCEL);
      reject(new DbManagerError(`GetObservationLog had no answer within ${timeoutMs} ms`, DEADLINE_EXCEEDED));
    });
    const chunks: Buffer[] = [];
    let status: string | undefined;
    let statusMessage = "";
    const readStatus = (headers: Record<string, unknown>): void => {
      if (headers["grpc-status"] !== undefined) status = String(headers["grpc-status"]);
      if (headers["grpc-message"] !== undefined) statusMessage = decodeURIComponent(String(headers["grpc-message"]));
    };
    stream.on("response", (headers) => {
      const httpStatus = Number(headers[http2.HTTP2_HEADER_STATUS]);
      if (httpStatus !== 200) return fail(new DbManagerError(`the DB manager answered HTTP ${String(httpStatus)}, not gRPC`, UNKNOWN));
      readStatus(headers);
    });
    stream.on("trailers", readStatus);
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", (error) => (signal?.aborted ? reject(signal.reason) : fail(error)));
    stream.on("end", () => {
      if (status === undefined) return fail(new DbManagerError("the DB manager's answer ended without a gRPC status", UNKNOWN));
      if (status !== "0") return fail(new DbManagerError(`GetObservationLog failed with gRPC status ${status}${statusMessage ? `: ${statusMessage}` : ""}`, Number(status)));
      try {
        resolve(unframe(Buffer.concat(chunks)));
      } catch (error) {
        fail(error);
      }
    });
    stream.end(frame(message));
  });
}

/** A gRPC message on the wire: uncompressed flag, 4-byte big-endian length, the message. */
function frame(message: Uint8Array): Buffer {
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, 5);
  return framed;
}

function unframe(body: Buffer): Uint8Array {
  if (body.length < 5) throw new DbManagerError(`the DB manager's answer is ${body.length} bytes, not a gRPC message`, UNKNOWN);
  if (body[0] !== 0) throw new DbManagerError("the DB manager answered with a compressed message, which was not asked for", UNKNOWN);
  const length = body.readUInt32BE(1);
  if (body.length < 5 + length) throw new DbManagerError("the DB manager's answer was cut short", UNKNOWN);
  return body.subarray(5, 5 + length);
}

/** GetObservationLogRequest: trial_name = 1, metric_name = 2, start_time = 3, end_time = 4. */
function encodeQuery(query: ObservationLogQuery): Uint8Array {
  const writer = new PbfWriter();
  [query.trialName, query.metricName, query.startTime, query.endTime].forEach((value, index) => {
    if (value) writer.writeStringField(index + 1, value);
  });
  return writer.finish();
}

/**
 * GetObservationLogReply { ObservationLog observation_log = 1 }, ObservationLog { repeated MetricLog metric_logs = 1 },
 * MetricLog { string time_stamp = 1; Metric metric = 2 }, Metric { string name = 1; string value = 2 }. Unknown
 * fields are skipped, as protobuf requires.
 */
function decodeObservationLog(bytes: Uint8Array): MetricLog[] {
  const logs: MetricLog[] = [];
  const readMetric = (tag: number, metric: MetricLog["metric"], pbf: PbfReader): void => {
    if (tag === 1) metric.name = pbf.readString();
    else if (tag === 2) metric.value = pbf.readString();
  };
  const readMetricLog = (tag: number, log: MetricLog, pbf: PbfReader): void => {
    if (tag === 1) log.timeStamp = pbf.readString();
    else if (tag === 2) pbf.readMessage(readMetric, log.metric);
  };
  const readObservationLog = (tag: number, _: unknown, pbf: PbfReader): void => {
    if (tag === 1) logs.push(pbf.readMessage(readMetricLog, { timeStamp: "", metric: { name: "", value: "" } }));
  };
  new PbfReader(bytes).readFields((tag, _, pbf) => {
    if (tag === 1) pbf.readMessage(readObservationLog, undefined);
  }, undefined);
  return logs;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
