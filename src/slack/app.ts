// Builds the Bolt app: Socket Mode when an app-level token is set (no public URL needed), else
// HTTP on PORT with every request's signature verified. Adds GET /healthz in both modes, sends
// every Web API call through the configured base URL, and tracks in-flight work so stop() can
// let answers finish.
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger, webApi } from '@slack/bolt';
import type { SlackSettings } from '../config.ts';
import { registerSecret } from '../log.ts';
import type { SlackDeps } from './deps.ts';
import { InFlight } from './in-flight.ts';
import { registerListeners } from './listeners/index.ts';

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
 * Builds the Slack app for `settings` with the listeners wired to `deps`.
 *
 * @example
 * const slack = createSlackApp(config.slack, { getSearch: () => index, seenEvents: createMemorySeenEvents() });
 * const { port } = await slack.start();
 */
export function createSlackApp(settings: SlackSettings, deps: SlackDeps, options: SlackAppOptions = {}): SlackApp {
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
  const customRoutes = [{ path: HEALTH_PATH, method: ['GET'], handler: healthCheck(deps, () => stopping) }];
  const common = {
    token: settings.botToken,
    customRoutes,
    clientOptions,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.botId ? { botId: options.botId } : {}),
    ...(options.botUserId ? { botUserId: options.botUserId } : {}),
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
