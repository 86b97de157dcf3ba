// Builds the Bolt app: Socket Mode when an app-level token is set (no public URL needed; our
// receiver keeps two connections so reconnects lose nothing), else HTTP on HOST:PORT with every
// request's signature and timestamp verified. Serves /healthz (liveness) and /readyz (readiness)
// in both modes, sends every Web API call through the configured base URL, and tracks in-flight
// work so stop() can let answers finish.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Logger, webApi } from '@slack/bolt';
import { ConfigError, type SlackSettings } from '../config.ts';
import { createLogger, registerSecret } from '../log.ts';
import type { SlackDeps } from './deps.ts';
import { healthResponse, HEALTH_PATH, READY_PATH, type AppState } from './health.ts';
import { InFlight } from './in-flight.ts';
import { registerListeners } from './listeners/index.ts';
import { slackErrorCode } from './post-message.ts';
import { timestampProblem } from './request-timestamp.ts';
import { ResilientSocketModeReceiver, type ReconnectBackoff } from './socket-mode-receiver.ts';

export { HEALTH_PATH, READY_PATH };

export interface SlackAppOptions {
  logger?: Logger;
  /** Extra Web API client options (tests turn retries off). `slackApiUrl` always comes from settings. */
  clientOptions?: Omit<webApi.WebClientOptions, 'slackApiUrl'>;
  /** The bot's ids when known: Bolt then skips its `auth.test` call (tests). */
  botId?: string;
  botUserId?: string;
  /** How long stop() waits for answers still being sent. */
  drainTimeoutMs?: number;
  /** Socket Mode: connections kept open, reconnect backoff and hello timeout (tests make them short). */
  socketMode?: { connections?: number; backoff?: ReconnectBackoff; connectTimeoutMs?: number };
}

export interface SlackApp {
  readonly app: App;
  readonly mode: 'socket' | 'http';
  /** Starts listening; resolves with the bound HTTP port (the health port in Socket Mode). */
  start(): Promise<{ port: number }>;
  /** Stops taking new work, waits for what is in flight (up to the drain timeout), then resolves. */
  stop(): Promise<void>;
  /**
   * Called once if Slack refuses the app token after start (e.g. it was regenerated): nothing will
   * reconnect, so the process should stop. The error is a ConfigError naming SLACK_APP_TOKEN.
   */
  onFatal(listener: (error: ConfigError) => void): void;
}

/**
 * Asks Slack who the bot token belongs to. Throws a ConfigError naming SLACK_BOT_TOKEN when Slack
 * refuses it, or an Error naming the API URL when Slack cannot be reached.
 */
export async function verifyBotToken(
  settings: SlackSettings,
  clientOptions: webApi.WebClientOptions,
): Promise<{ botId: string; botUserId: string }> {
  const client = new webApi.WebClient(settings.botToken, {
    ...clientOptions,
    // Start-up should fail in seconds, not after minutes of retries.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
  });
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code) {
      throw new ConfigError(
        'SLACK_BOT_TOKEN',
        `Slack refused it (${code}); copy the Bot User OAuth Token (xoxb-…) from your app's "OAuth & Permissions" page again, and reinstall the app if it was revoked`,
      );
    }
    throw new Error(`could not reach the Slack Web API at ${settings.apiUrl} (${error instanceof Error ? error.message : String(error)}); check the network or SLACK_API_URL`);
  }
  if (!result.bot_id || !result.user_id) {
    throw new ConfigError('SLACK_BOT_TOKEN', 'is not a bot token (auth.test named no bot); use the Bot User OAuth Token (xoxb-…)');
  }
  return { botId: result.bot_id, botUserId: result.user_id };
}

/**
 * Builds the Slack app for `settings` with the listeners wired to `deps`. Resolves once Slack has
 * accepted the bot token (skipped when `options` gives the bot's ids).
 *
 * @example
 * const slack = await createSlackApp(config.slack, deps); // deps: see SlackDeps (search, event dedupe, subscriptions…)
 * const { port } = await slack.start();
 */
export async function createSlackApp(settings: SlackSettings, deps: SlackDeps, options: SlackAppOptions = {}): Promise<SlackApp> {
  registerSecret(settings.signingSecret);
  registerSecret(settings.botToken);
  registerSecret(settings.appToken);

  const logger = options.logger ?? createLogger();
  let stopping = false;
  let fatal: ((error: ConfigError) => void) | undefined;
  const inFlight = new InFlight();
  const mode = settings.appToken ? 'socket' : 'http';
  const clientOptions: webApi.WebClientOptions = {
    // Bounded retries: a Slack outage should not keep an answer (and shutdown) waiting half an hour.
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    ...options.clientOptions,
    slackApiUrl: settings.apiUrl,
  };
  // Bolt would call auth.test itself, in the background, and crash the process with an unhandled
  // rejection if the token is wrong; asking first gives one clear line instead.
  const identity =
    options.botId && options.botUserId ? { botId: options.botId, botUserId: options.botUserId } : await verifyBotToken(settings, clientOptions);

  let httpListening = false;
  let socketReceiver: ResilientSocketModeReceiver | undefined;
  const state = (): AppState => ({
    search: deps.getSearch(),
    stopping,
    slack: mode === 'socket' ? { mode, connections: socketReceiver?.connected ?? 0 } : { mode, listening: httpListening },
  });
  const health = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const answer = req.method === 'GET' || req.method === 'HEAD' ? healthResponse(path, state()) : null;
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(answer.body));
  };

  let receiver: HTTPReceiver | ResilientSocketModeReceiver;
  if (mode === 'socket') {
    socketReceiver = new ResilientSocketModeReceiver({
      appToken: settings.appToken!,
      apiUrl: settings.apiUrl,
      logger,
      httpHandler: health,
      port: settings.port,
      host: settings.host,
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
      ...options.socketMode,
      onFatal: (error) => (fatal ? fatal(error) : logger.error(error.message)),
    });
    receiver = socketReceiver;
  } else {
    const http = new HTTPReceiver({
      signingSecret: settings.signingSecret!,
      port: settings.port,
      customRoutes: [HEALTH_PATH, READY_PATH].map((path) => ({ path, method: ['GET', 'HEAD'], handler: health })),
      logger,
      logLevel: logger.getLevel(),
      // Ack first, work after: listeners call ack() before searching, and the HTTP response
      // goes out at that moment.
      processBeforeResponse: false,
    });
    // Bolt refuses stale timestamps but accepts any in the future; refuse those too, before Bolt
    // reads the body (the signature does not matter when the timestamp is already wrong).
    const verified = http.requestListener;
    http.requestListener = (req, res) => {
      const problem = timestampProblem(req.headers['x-slack-request-timestamp'], Date.now());
      if (problem) {
        logger.warn(`refused a request to ${req.url}: ${problem}`);
        res.writeHead(401).end();
        return;
      }
      verified(req, res);
    };
    receiver = http;
  }

  const app = new App({
    token: settings.botToken,
    receiver,
    clientOptions,
    logger,
    // Without it Bolt resets the logger it is given to INFO, whatever LOG_LEVEL says.
    logLevel: logger.getLevel(),
    botId: identity.botId,
    botUserId: identity.botUserId,
  });

  // Every listener runs inside this, so stop() knows what is still in flight.
  app.use(async ({ next, logger }) => {
    if (stopping) {
      logger.info('shutting down; request not handled');
      return;
    }
    await inFlight.track(next);
  });
  registerListeners(app, deps);

  return {
    app,
    mode,
    async start() {
      if (socketReceiver) return socketReceiver.start();
      const listen = settings.host ? { port: settings.port, host: settings.host } : { port: settings.port };
      const server = (await (receiver as HTTPReceiver).start(listen)) as { address(): AddressInfo | string | null };
      httpListening = true;
      const address = server.address();
      return { port: typeof address === 'object' && address ? address.port : settings.port };
    },
    async stop() {
      stopping = true;
      httpListening = false;
      await receiver.stop().catch((error: unknown) => logger.debug('stopping the receiver:', error));
      const drained = await inFlight.drain(options.drainTimeoutMs ?? 10_000);
      if (!drained) logger.warn(`stopped with ${inFlight.size} answer(s) still unsent`);
    },
    onFatal(listener) {
      fatal = listener;
    },
  };
}
