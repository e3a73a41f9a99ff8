/**
 * A client's connection to the API server, opened lazily: the configuration (explicit options, kubeconfig, or
 * in-cluster) is loaded once, on the first call, and the transport built from it is shared by every resource
 * client of that product client. Constructors stay synchronous; configuration errors surface on the first call.
 */
import createOpenApiClient, { type Client } from "openapi-fetch";
import type { ClientOptions, Logger } from "../config/client-options.ts";
import { resolveLogger } from "../transport/logger.ts";
import { redact } from "../transport/redact.ts";
import type { Transport, TransportOptions } from "../transport/transport.ts";
import type { WebSocketRequest } from "../transport/web-socket.ts";
import type { WebSocket } from "undici";
import type { ResourceRequest, ResourceStreamRequest, ResourceTransport } from "./resource-transport.ts";

/** The connection of a product client. */
export class Connection implements ResourceTransport {
  readonly #open: () => Promise<Transport>;
  readonly #logger: Required<Logger>;
  #transport: Promise<Transport> | undefined;
  // The opened transport, once #transport has resolved: calls then go straight to it instead of awaiting the
  // promise again (a turn of the event loop per request).
  #ready: Transport | undefined;
  #redact: ((text: string) => string) | undefined;

  private constructor(open: () => Promise<Transport>, logger: Logger | undefined) {
    this.#open = open;
    // Through this.redact: once the transport is open, lines are scrubbed of the tokens it used, not only patterns.
    this.#logger = resolveLogger(logger, (text) => this.redact(text));
  }

  /** A connection that loads its configuration from client options on first use. */
  static fromOptions(options: ClientOptions, transportOptions: Omit<TransportOptions, keyof ClientOptions> = {}): Connection {
    return new Connection(async () => {
      // Loaded on first use: undici and the kubeconfig parser are most of a cold import's cost, and a process that
      // only builds objects, or fails before its first call, never needs them.
      const [{ loadClusterConfig }, { createTransport }] = await Promise.all([import("../config/load-cluster-config.ts"), import("../transport/transport.ts")]);
      return createTransport(await loadClusterConfig(options), { ...pickTransportOptions(options), ...transportOptions });
    }, options.logger);
  }

  /** A connection over an existing transport (for tests, or to share one transport between clients). */
  static fromTransport(transport: Transport, logger?: Logger): Connection {
    return new Connection(async () => transport, logger);
  }

  /** The transport, created on first use. A failed configuration load is retried on the next call. */
  transport(): Promise<Transport> {
    const opening = (this.#transport ??= this.#open().then(
      (transport) => {
        this.#redact = transport.redact?.bind(transport);
        // Only if this is still the current opening: a close() meanwhile must not leave it in use.
        if (this.#transport === opening) this.#ready = transport;
        return transport;
      },
      (error: unknown) => {
        this.#transport = undefined;
        throw error;
      },
    ));
    return opening;
  }

  /**
   * An openapi-fetch client typed by generated paths (`KatibPaths`, `TrainerPaths`), over this connection's
   * transport: every path, parameter, body and response is checked by the compiler. Non-2xx answers come back as
   * `error` (openapi-fetch's convention); failures without an answer reject with the transport's NetworkError.
   */
  async openapi<Paths extends {}>(): Promise<Client<Paths>> {
    const transport = await this.transport();
    return createOpenApiClient<Paths>({ baseUrl: transport.server, fetch: transport.fetch });
  }

  /** The client's logger (the `logger` option, or stderr), with secrets scrubbed. */
  logger(): Required<Logger> {
    return this.#logger;
  }

  async defaultNamespace(): Promise<string> {
    return (this.#ready ?? (await this.transport())).namespace;
  }

  request<T>(request: ResourceRequest): Promise<{ status: number; body: T }> {
    const ready = this.#ready;
    if (ready === undefined) return this.transport().then((transport) => transport.request<T>(request));
    try {
      return ready.request<T>(request);
    } catch (error) {
      // A hand-made transport may throw instead of rejecting; callers get a rejection either way.
      return Promise.reject(error);
    }
  }

  async stream(request: ResourceStreamRequest): Promise<AsyncIterable<string>> {
    return (await this.transport()).stream(request);
  }

  /** Opens a WebSocket on the API server (see `Transport.webSocket`); used for pods/portforward. */
  async webSocket(request: WebSocketRequest): Promise<WebSocket> {
    const transport = await this.transport();
    if (transport.webSocket === undefined) throw new Error("this connection's transport cannot open WebSockets");
    return transport.webSocket(request);
  }

  /**
   * Scrubs this client's credentials from `text`: once the transport is open it knows every token it used, before
   * that only credential patterns are recognised. Watch errors quote server messages through this.
   */
  redact(text: string): string {
    return this.#redact?.(text) ?? redact(text);
  }

  /** Closes the transport's connections, if it was ever opened. */
  async close(): Promise<void> {
    const transport = this.#transport;
    this.#transport = undefined;
    this.#ready = undefined;
    if (transport) await (await transport.catch(() => undefined))?.close();
  }
}

function pickTransportOptions(options: ClientOptions): TransportOptions {
  const picked: TransportOptions = {};
  if (options.timeoutMs !== undefined) picked.timeoutMs = options.timeoutMs;
  if (options.retry !== undefined) picked.retry = options.retry;
  if (options.userAgent !== undefined) picked.userAgent = options.userAgent;
  if (options.logger !== undefined) picked.logger = options.logger;
  return picked;
}

/** The connection for a product client's constructor argument: options, or a connection to share. */
export function openConnection(source: ClientOptions | Connection): Connection {
  return source instanceof Connection ? source : Connection.fromOptions(source);
}
