/**
 * The one way to open a connection to the API server, for the clients, the CLI and codegen's `--from-cluster`: the
 * configuration (explicit options, kubeconfig, or in-cluster) is loaded once, on the first call, and the transport
 * built from it is shared by every resource client on the connection. Constructors stay synchronous; configuration
 * errors surface on the first call.
 */
import createOpenApiClient, { type Client } from "openapi-fetch";
import type { Dispatcher } from "undici";
import type { ClientOptions, Logger } from "../config/client-options.ts";
import type { ClusterConfig } from "../config/cluster-config.ts";
import type { ConfigEnvironment } from "../config/load-cluster-config.ts";
import { resolveLogger } from "../transport/logger.ts";
import { redact } from "../transport/redact.ts";
import type { Transport } from "../transport/transport.ts";
import type { WebSocketRequest } from "../transport/web-socket.ts";
import type { WebSocket } from "undici";
import { InformerRegistry } from "./informer-registry.ts";
import type { ResourceRequest, ResourceStreamRequest, ResourceTransport } from "./resource-transport.ts";

/** What else a connection reads than its options: the environment (the CLI passes its run's), and for tests a dispatcher. */
export interface ConnectionEnvironment extends ConfigEnvironment {
  /** An undici dispatcher (e.g. a `MockAgent`) to send through instead of the transport's own. */
  dispatcher?: Dispatcher;
}

/** Where a connection's transport comes from: options to load a configuration from, or a transport given as it is. */
type ConnectionSource = { options: ClientOptions; environment: ConnectionEnvironment } | { transport: Transport };

/** A connection to the API server, shared by the resource clients of a product client (or of several). */
export class Connection implements ResourceTransport {
  /**
   * The shared informers of every client on this connection: one watch per kind, namespace (or cluster) and
   * selectors, whichever client, wait or handler asked for it. `informers.size` is how many watches they hold.
   */
  readonly informers: InformerRegistry = new InformerRegistry();
  readonly #source: ConnectionSource;
  #config: Promise<ClusterConfig> | undefined;
  readonly #logger: Required<Logger>;
  #transport: Promise<Transport> | undefined;
  // The opened transport, once #transport has resolved: calls then go straight to it instead of awaiting the
  // promise again (a turn of the event loop per request).
  #ready: Transport | undefined;
  #redact: ((text: string) => string) | undefined;

  private constructor(source: ConnectionSource, logger: Logger | undefined) {
    this.#source = source;
    // Through this.redact: once the transport is open, lines are scrubbed of the tokens it used, not only patterns.
    this.#logger = resolveLogger(logger, (text) => this.redact(text));
  }

  /** A connection that loads its configuration from client options (and `environment`) on first use. */
  static fromOptions(options: ClientOptions, environment: ConnectionEnvironment = {}): Connection {
    return new Connection({ options, environment }, options.logger);
  }

  /** A connection over an existing transport (for tests, or to share one transport between clients). */
  static fromTransport(transport: Transport, logger?: Logger): Connection {
    return new Connection({ transport }, logger);
  }

  /**
   * The cluster configuration the options describe (server, namespace, where it came from), loaded once; a failed
   * load is retried on the next call. A connection over a given transport has none: it rejects.
   */
  config(): Promise<ClusterConfig> {
    const source = this.#source;
    if ("transport" in source) return Promise.reject(new Error("this connection was made from a transport: it has no configuration of its own"));
    const { dispatcher: _dispatcher, ...environment } = source.environment;
    // Loaded on first use: undici and the kubeconfig parser are most of a cold import's cost, and a process that
    // only builds objects, or fails before its first call, never needs them.
    const loading = (this.#config ??= import("../config/load-cluster-config.ts")
      .then(({ loadClusterConfig }) => loadClusterConfig(source.options, environment))
      .catch((error: unknown) => {
        if (this.#config === loading) this.#config = undefined;
        throw error;
      }));
    return loading;
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

  async #open(): Promise<Transport> {
    const source = this.#source;
    if ("transport" in source) return source.transport;
    const { env, dispatcher } = source.environment;
    const [{ createTransport }, config] = await Promise.all([import("../transport/transport.ts"), this.config()]);
    return createTransport(config, { ...pickTransportOptions(source.options), ...(env === undefined ? {} : { env }), ...(dispatcher === undefined ? {} : { dispatcher }) });
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

  /** One request over the transport (opened on first use); see ResourceTransport.request. */
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

  /** A streamed request over the transport; see ResourceTransport.stream. */
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

  /** Stops the shared informers (their waits reject, their handles end) and closes the transport's connections, if it was ever opened. */
  async close(): Promise<void> {
    this.informers.stop();
    const transport = this.#transport;
    this.#transport = undefined;
    this.#ready = undefined;
    if (transport) await (await transport.catch(() => undefined))?.close();
  }
}

function pickTransportOptions(options: ClientOptions): Pick<ClientOptions, "timeoutMs" | "retry" | "userAgent" | "logger"> {
  const picked: Pick<ClientOptions, "timeoutMs" | "retry" | "userAgent" | "logger"> = {};
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
