// A Bolt receiver for Socket Mode that keeps two WebSocket connections to Slack open at all
// times, so a routine refresh or one broken link never leaves the app unreachable.
//
// Why not Bolt's SocketModeReceiver: it holds one connection, and after any close the library
// waits `clientPingTimeout` (5 s) before asking for a new URL, so every refresh Slack makes
// (hourly, per connection) is a ~5 s window in which `/healthnews` fails for the person. Its
// automatic reconnect also lets an `invalid_auth` rejection go unhandled (a raw crash).
//
// Design: N "slots" (default 2), each driving its own `SocketModeClient` with the library's
// auto-reconnect turned off. Slack hands each envelope to one open connection of the app, so
// while one slot reconnects the other takes the traffic. A slot that gets Slack's `disconnect`
// (refresh) opens its replacement at once, before the old socket has finished closing; a slot
// whose socket drops unasked reconnects at once, then with exponential backoff while it keeps
// failing. A refused app token (`invalid_auth`, …) is not retried: start() rejects with a
// ConfigError naming SLACK_APP_TOKEN, or, later, `onFatal` gets it so the app can stop cleanly.
// The receiver also serves the health routes on HOST:PORT, as Bolt's receiver does for custom routes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultProcessEventErrorHandler, type App, type Logger, type Receiver, type ReceiverEvent, webApi } from '@slack/bolt';
import { SocketModeClient, UnrecoverableSocketModeStartError } from '@slack/socket-mode';
import { ConfigError } from '../config.ts';

/** Delays between attempts while a connection keeps failing: `first`, doubling up to `max`. */
export interface ReconnectBackoff {
  firstMs: number;
  maxMs: number;
}

export interface SocketModeReceiverOptions {
  appToken: string;
  /** Web API base URL (`apps.connections.open` goes through it). */
  apiUrl: string;
  logger: Logger;
  /** Serves the health routes; called for every HTTP request to HOST:PORT. */
  httpHandler: (req: IncomingMessage, res: ServerResponse) => void;
  port: number;
  /** Null: every interface. */
  host: string | null;
  /** Extra options for the client that calls `apps.connections.open` (tests turn retries off). */
  clientOptions?: webApi.WebClientOptions;
  /** How many connections to keep open; Slack allows up to 10 per app. */
  connections?: number;
  backoff?: ReconnectBackoff;
  /** How long a connection may take from asking for a URL to Slack's `hello`. */
  connectTimeoutMs?: number;
  /** The app token was refused after start (e.g. regenerated): nothing will reconnect. */
  onFatal?: (error: ConfigError) => void;
}

export const DEFAULT_BACKOFF: ReconnectBackoff = Object.freeze({ firstMs: 1000, maxMs: 30_000 });

/** A connection that lasted this long before dropping counts as healthy: its slot reconnects at once. */
const HEALTHY_CONNECTION_MS = 10_000;

const UNRECOVERABLE = new Set<string>(Object.values(UnrecoverableSocketModeStartError));

/** The ConfigError for a refused app token, or null when `error` is temporary (5xx, internal_error, network). */
export function appTokenRefusal(error: unknown): ConfigError | null {
  if (!(error instanceof Error) || (error as { code?: string }).code !== webApi.ErrorCode.PlatformError) return null;
  const code = (error as webApi.WebAPIPlatformError).data?.error;
  if (!code || !UNRECOVERABLE.has(code)) return null;
  return new ConfigError(
    'SLACK_APP_TOKEN',
    `Slack refused it (${code}) when opening the Socket Mode connection; generate an app-level token with connections:write under "Basic Information" → App-Level Tokens (it may have been regenerated or revoked) and restart`,
  );
}

/** Delay before retry number `attempt` (1-based) with ±20 % jitter, so connections do not retry in step. */
export function backoffDelay(attempt: number, backoff: ReconnectBackoff, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The library's own lines, all at debug: it reports an expected reconnect as two ERROR lines
 * without detail, and this receiver says what happened (one WARN when a connection dropped and
 * came back, ERROR only for what needs a person). Its level follows ours and cannot be changed by it.
 */
function libraryLogger(logger: Logger): Logger {
  const quiet = (...parts: unknown[]) => logger.debug('[socket-mode]', ...parts);
  return {
    debug: quiet,
    info: quiet,
    warn: quiet,
    error: quiet,
    setLevel: () => undefined,
    getLevel: () => logger.getLevel(),
    setName: () => undefined,
  };
}

function describe(error: unknown): string {
  if (error === undefined) return 'the WebSocket could not be opened';
  const code = (error as { data?: { error?: string } })?.data?.error;
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The reason of a Slack `disconnect` message (`refresh_requested`, `warning`, …), or null for any other message. */
function disconnectReason(data: unknown): string | null {
  const text = typeof data === 'string' ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? new TextDecoder().decode(data as ArrayBuffer) : '';
  if (!text.includes('"disconnect"')) return null;
  try {
    const message = JSON.parse(text) as { type?: string; reason?: unknown };
    return message.type === 'disconnect' ? (typeof message.reason === 'string' ? message.reason : 'no reason given') : null;
  } catch {
    return null;
  }
}

/** How one connection ended: Slack asked for a refresh, or the socket closed unasked. */
type Ending = { kind: 'refresh'; reason: string } | { kind: 'closed' };

/**
 * Bolt receiver keeping `connections` Socket Mode connections open (see the file comment).
 *
 * @example
 * const receiver = new ResilientSocketModeReceiver({ appToken, apiUrl, logger, httpHandler, port: 3000, host: null });
 * const app = new App({ token, receiver });
 * await app.start(); // resolves once the first connection got Slack's hello
 */
export class ResilientSocketModeReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;
  private readonly open = new Set<SocketModeClient>();
  private readonly clients = new Set<SocketModeClient>();
  private readonly stopping = new AbortController();
  private slots: Promise<void>[] = [];
  private fatalReported = false;
  /** Envelopes each connection delivered that are not acked yet. */
  private readonly unacked = new Map<SocketModeClient, number>();
  /** start() has resolved: a refusal from now on goes to onFatal. */
  private startedUp = false;

  constructor(private readonly options: SocketModeReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** How many connections have had Slack's `hello` and are not closing. */
  get connected(): number {
    return this.open.size;
  }

  /** The bound HTTP port (PORT=0 picks a free one). */
  get port(): number {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address?.port ?? this.options.port;
  }

  /**
   * Starts the health server and every connection; resolves once one connection is open, rejects
   * with a ConfigError if Slack refuses the app token (the others keep trying in the background).
   */
  async start(): Promise<{ port: number }> {
    this.server = createServer(this.options.httpHandler);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen({ port: this.options.port, ...(this.options.host ? { host: this.options.host } : {}) }, () => resolve());
    });
    const count = Math.max(1, this.options.connections ?? 2);
    const first = new Promise<void>((resolve, reject) => {
      let refused = false;
      for (let slot = 1; slot <= count; slot++) {
        this.slots.push(
          this.runSlot(slot, resolve, (error) => {
            if (refused) return;
            refused = true;
            reject(error);
          }),
        );
      }
    });
    try {
      await first;
      this.startedUp = true;
    } catch (error) {
      await this.stop();
      throw error;
    }
    return { port: this.port };
  }

  /** Closes every connection and the health server; no reconnect follows. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all([...this.clients].map((client) => client.disconnect().catch(() => undefined)));
    await Promise.all(this.slots);
    const server = this.server;
    this.server = undefined;
    if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Keeps slot `slot` connected until stop(); `onOpen`/`onRefused` report the first outcome to start(). */
  private async runSlot(slot: number, onOpen: () => void, onRefused: (error: ConfigError) => void): Promise<void> {
    const { logger } = this.options;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    let started = false;
    let failures = 0;
    let lastProblem = '';
    let downSince: number | null = null;
    /** The connection Slack asked to replace; closed once its replacement is open. */
    let replaced: SocketModeClient | null = null;
    /** Consecutive unasked closes of connections that had not lived HEALTHY_CONNECTION_MS. */
    let quickCloses = 0;
    while (!this.stopping.signal.aborted) {
      const client = this.newClient();
      let ending: Promise<Ending>;
      try {
        ({ ending } = await this.connect(client));
      } catch (error) {
        void client.disconnect().catch(() => undefined);
        this.clients.delete(client);
        if (this.stopping.signal.aborted) return;
        const refusal = appTokenRefusal(error);
        if (refusal) {
          if (!this.startedUp) onRefused(refusal);
          else if (!this.fatalReported) {
            // Once, though every connection will hit it: the process is about to stop.
            this.fatalReported = true;
            if (this.options.onFatal) this.options.onFatal(refusal);
            else logger.error(refusal.message);
          }
          return;
        }
        failures += 1;
        lastProblem = describe(error);
        const delay = backoffDelay(failures, backoff);
        // Only when nothing is connected is anyone affected; then say so, but not on every attempt.
        const unreachable = this.open.size === 0 && (failures === 3 || failures % 20 === 0);
        (unreachable ? logger.warn : logger.debug)(
          `Socket Mode connection ${slot}: attempt ${failures} failed (${lastProblem})${unreachable ? '; no connection to Slack is open' : ''}; retrying in ${delay} ms`,
        );
        await sleep(delay, this.stopping.signal);
        continue;
      }
      if (!started) onOpen();
      if (replaced) void this.retire(replaced);
      replaced = null;
      if (downSince !== null) {
        const others = this.open.size - 1;
        logger.warn(
          `Socket Mode connection ${slot} closed without Slack asking${lastProblem ? ` (then: ${lastProblem})` : ''}; ` +
            `reconnected after ${failures + 1} attempt(s) in ${((Date.now() - downSince) / 1000).toFixed(1)} s` +
            `${others > 0 ? ` (${others} other connection(s) stayed up)` : ''}`,
        );
      } else if (started) {
        logger.debug(`Socket Mode connection ${slot} reopened`);
      } else {
        logger.debug(`Socket Mode connection ${slot} open`);
      }
      started = true;
      failures = 0;
      lastProblem = '';
      downSince = null;
      const openedAt = Date.now();
      const how = await ending;
      if (this.stopping.signal.aborted) return;
      if (how.kind === 'refresh') {
        // Routine: Slack recycles connections. The old one stays open (acks still go out on it)
        // until its replacement is open.
        logger.debug(`Socket Mode connection ${slot}: Slack asked to reconnect (${how.reason}); opening its replacement`);
        replaced = client;
      } else {
        downSince = Date.now();
        // A connection that keeps dropping soon after opening is retried with backoff, not in a
        // tight loop; one that lived a while reconnects at once.
        quickCloses = downSince - openedAt < HEALTHY_CONNECTION_MS ? quickCloses + 1 : 0;
        const delay = quickCloses > 1 ? backoffDelay(quickCloses - 1, backoff) : 0;
        logger.debug(`Socket Mode connection ${slot} closed unasked; reconnecting${delay ? ` in ${delay} ms` : ''}`);
        if (delay) await sleep(delay, this.stopping.signal);
      }
    }
  }

  private newClient(): SocketModeClient {
    const client = new SocketModeClient({
      appToken: this.options.appToken,
      logger: libraryLogger(this.options.logger),
      autoReconnectEnabled: false,
      clientOptions: {
        // Each failure is retried here, with backoff; the library's default is 100 quick retries.
        retryConfig: { retries: 0 },
        ...this.options.clientOptions,
        slackApiUrl: this.options.apiUrl,
      },
    });
    client.on('slack_event', (args: SocketModeEventArgs) => void this.dispatch(client, args));
    this.clients.add(client);
    return client;
  }

  /**
   * Opens `client`'s connection and resolves, once Slack said hello, with a promise of how it ended.
   * Rejects when the URL request fails, the socket does not open or no hello comes in time.
   */
  private connect(client: SocketModeClient): Promise<{ ending: Promise<Ending> }> {
    let refresh: ((ending: Ending) => void) | undefined;
    const refreshed = new Promise<Ending>((resolve) => (refresh = resolve));
    // The library answers Slack's `disconnect` by closing the socket at once, which would drop
    // the acks of envelopes still being handled on it. Take that message away from it (its
    // handler gets everything else) and close the socket ourselves once the replacement is open.
    const library = client.listeners('ws_message') as Array<(data: unknown, isBinary: boolean) => void>;
    client.removeAllListeners('ws_message');
    client.on('ws_message', (data: unknown, isBinary: boolean) => {
      const disconnect = isBinary ? null : disconnectReason(data);
      if (disconnect === null) {
        for (const handler of library) handler.call(client, data, isBinary);
        return;
      }
      this.open.delete(client);
      refresh?.({ kind: 'refresh', reason: disconnect });
    });
    const closed = new Promise<Ending>((resolve) =>
      client.on('disconnected', () => {
        this.open.delete(client);
        this.clients.delete(client);
        resolve({ kind: 'closed' });
      }),
    );
    const timeoutMs = this.options.connectTimeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no hello from Slack within ${timeoutMs} ms`)), timeoutMs);
      client.start().then(
        () => {
          clearTimeout(timer);
          this.open.add(client);
          // Wrapped: resolving with a bare promise would wait for it.
          resolve({ ending: Promise.race([refreshed, closed]) });
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** Closes a replaced connection once the envelopes it delivered are acked (at most Slack's 3 s ack deadline). */
  private async retire(client: SocketModeClient): Promise<void> {
    const deadline = Date.now() + 3000;
    while ((this.unacked.get(client) ?? 0) > 0 && Date.now() < deadline && !this.stopping.signal.aborted) {
      await sleep(20, this.stopping.signal);
    }
    await client.disconnect().catch(() => undefined);
  }

  /** Hands one envelope to Bolt, as Bolt's own Socket Mode receiver does, counting it until acked. */
  private async dispatch(client: SocketModeClient, args: SocketModeEventArgs): Promise<void> {
    let acked = false;
    let counted = true;
    const settle = () => {
      if (!counted) return;
      counted = false;
      const left = (this.unacked.get(client) ?? 1) - 1;
      if (left > 0) this.unacked.set(client, left);
      else this.unacked.delete(client);
    };
    this.unacked.set(client, (this.unacked.get(client) ?? 0) + 1);
    const event: ReceiverEvent = {
      body: args.body,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        try {
          await args.ack(response as Record<string, unknown> | undefined);
        } finally {
          settle();
        }
      },
      ...(args.retry_num !== undefined ? { retryNum: args.retry_num } : {}),
      ...(args.retry_reason !== undefined ? { retryReason: args.retry_reason } : {}),
      customProperties: {},
    };
    try {
      await this.app?.processEvent(event);
    } catch (error) {
      const shouldAck = await defaultProcessEventErrorHandler({ error: error as Error, logger: this.options.logger, event });
      if (shouldAck) await event.ack().catch(() => undefined);
    } finally {
      // A listener that never acks (or an ignored event) must not hold a replaced connection open.
      settle();
    }
  }
}

interface SocketModeEventArgs {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  body: Record<string, any>;
  retry_num?: number;
  retry_reason?: string;
}
