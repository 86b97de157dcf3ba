// What the health routes answer. `/healthz` is liveness: the process is up and the articles are
// indexed (restart me if not). `/readyz` is readiness: also connected to Slack (Socket Mode) or
// listening (HTTP), so a load balancer or orchestrator knows the bot can answer right now.
import type { NewsSearch } from '../search/search-types.ts';

/** Liveness: 200 once the articles are indexed, 503 while indexing or stopping. */
export const HEALTH_PATH = '/healthz';
/** Readiness: 200 only when indexed and connected to (or listening for) Slack; 503 with the reason otherwise. */
export const READY_PATH = '/readyz';

/** What the health routes look at. */
export interface AppState {
  search: NewsSearch | null;
  stopping: boolean;
  slack: { mode: 'socket'; connections: number } | { mode: 'http'; listening: boolean };
}

export interface HealthAnswer {
  status: 200 | 503;
  body: Record<string, unknown>;
}

/**
 * The answer for `path` in `state`, or null for a path that is not a health route.
 *
 * @example healthResponse('/readyz', { search, stopping: false, slack: { mode: 'socket', connections: 0 } })
 * // → { status: 503, body: { ok: false, reason: 'not connected to Slack (Socket Mode): reconnecting' } }
 */
export function healthResponse(path: string, state: AppState): HealthAnswer | null {
  if (path !== HEALTH_PATH && path !== READY_PATH) return null;
  const { search, stopping, slack } = state;
  if (stopping) return { status: 503, body: { ok: false, reason: 'stopping' } };
  if (search === null) return { status: 503, body: { ok: false, reason: 'indexing the articles' } };
  const articles = search.all().length;
  if (path === HEALTH_PATH) return { status: 200, body: { ok: true, articles } };
  if (slack.mode === 'socket') {
    if (slack.connections === 0) return { status: 503, body: { ok: false, reason: 'not connected to Slack (Socket Mode): reconnecting', articles } };
    return { status: 200, body: { ok: true, articles, mode: 'socket', connections: slack.connections } };
  }
  if (!slack.listening) return { status: 503, body: { ok: false, reason: 'not listening for Slack requests yet', articles } };
  return { status: 200, body: { ok: true, articles, mode: 'http' } };
}
