// Builds the Bolt app: Socket Mode when an app-level token is set (no public URL needed), else
// HTTP on PORT with every request's signature verified. Adds GET /healthz in both modes, sends
// every Web API call through the configured base URL, and tracks in-flight work so stop() can
// let answers finish.
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger, webApi } from '@slack/bolt';
import { ConfigError, type SlackSettings } from '../config.ts';
import { registerSecret } from '../log.ts';
import type { SlackDeps } from './deps.ts';
import { InFlight } from './in-flight.ts';
import { registerListeners } from './listeners/index.ts';
import { slackErrorCode } from './post-message.ts';

export interface SlackAppOptions {
  logger?: Logger;
  /** Extra Web API client options (tests turn retries off). `slackApiUrl` always comes from settings. */
  clientOptions?: Omit<webApi.WebClientOptions, 'slackApiUrl'>;
  /** The bot's ids when known: Bolt then skips its `auth.test` call (tests). */
  botId?: string;
  botUserId?: string;
  /** How long stop() waits for answers still being sent. */
  drainTimeoutMs?: number;
}

export interface SlackApp {
  readonly app: App;
  readonly mode: 'socket' | 'http';
  /** Starts listening; resolves with the bound HTTP port (the /healthz port in Socket Mode). */
  start(): Promise<{ port: number }>;
  /** Stops taking new work, waits for what is in flight (up to the drain timeout), then resolves. */
  stop(): Promise<void>;
}

/** Path of the health check, answered 200 once the articles are indexed and 503 before. */
export const HEALTH_PATH = '/healthz';

function healthCheck(deps: SlackDeps, isStopping: () => boolean) {
  return (_req: unknown, res: ServerResponse): void => {
    const search = deps.getSearch();
    const ready = search !== null && !isStopping();
    const body = ready
      ? { ok: true, articles: search.all().length }
      : { ok: false, reason: isStopping() ? 'stopping' : 'indexing' };
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
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

  let stopping = false;
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
  const customRoutes = [{ path: HEALTH_PATH, method: ['GET'], handler: healthCheck(deps, () => stopping) }];
  const common = {
    token: settings.botToken,
    customRoutes,
    clientOptions,
    ...(options.logger ? { logger: options.logger } : {}),
    botId: identity.botId,
    botUserId: identity.botUserId,
  };

  const app =
    mode === 'socket'
      ? new App({
          ...common,
          socketMode: true,
          appToken: settings.appToken!,
          // Socket Mode serves custom routes on its own HTTP server, on installerOptions.port.
          installerOptions: { port: settings.port },
        })
      : new App({
          ...common,
          signingSecret: settings.signingSecret!,
          port: settings.port,
          // Ack first, work after: listeners call ack() before searching, and the HTTP response
          // goes out at that moment.
          processBeforeResponse: false,
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
      if (mode === 'http') {
        const server = (await app.start(settings.port)) as { address(): AddressInfo | string | null };
        const address = server.address();
        return { port: typeof address === 'object' && address ? address.port : settings.port };
      }
      await app.start();
      return { port: settings.port };
    },
    async stop() {
      stopping = true;
      await app.stop();
      const drained = await inFlight.drain(options.drainTimeoutMs ?? 10_000);
      if (!drained) (options.logger ?? console).warn(`stopped with ${inFlight.size} answer(s) still unsent`);
    },
  };
}
