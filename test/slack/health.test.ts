import { describe, expect, it } from 'vitest';
import type { NewsSearch } from '../../src/search/search-types.ts';
import { HEALTH_PATH, healthResponse, READY_PATH, type AppState } from '../../src/slack/health.ts';

const search = { size: 42, all: () => [], search: () => { throw new Error('not used'); } } as NewsSearch;
const state = (overrides: Partial<AppState> = {}): AppState => ({ search, stopping: false, slack: { mode: 'http', listening: true }, ...overrides });

describe('healthResponse', () => {
  it('is healthy once the articles are indexed, and ready once Slack can reach the app', () => {
    expect(healthResponse(HEALTH_PATH, state())).toEqual({ status: 200, body: { ok: true, articles: 42 } });
    expect(healthResponse(READY_PATH, state())).toEqual({ status: 200, body: { ok: true, articles: 42, mode: 'http' } });
    expect(healthResponse(READY_PATH, state({ slack: { mode: 'socket', connections: 2 } }))).toEqual({
      status: 200, body: { ok: true, articles: 42, mode: 'socket', connections: 2 },
    });
  });

  it('answers 503 with the reason while indexing, stopping, not listening or not connected', () => {
    expect(healthResponse(HEALTH_PATH, state({ search: null }))?.body.reason).toBe('indexing the articles');
    expect(healthResponse(HEALTH_PATH, state({ stopping: true }))).toEqual({ status: 503, body: { ok: false, reason: 'stopping' } });
    expect(healthResponse(READY_PATH, state({ slack: { mode: 'http', listening: false } }))).toMatchObject({ status: 503, body: { reason: 'not listening for Slack requests yet' } });
    expect(healthResponse(READY_PATH, state({ slack: { mode: 'socket', connections: 0 } }))).toMatchObject({ status: 503, body: { reason: 'not connected to Slack (Socket Mode): reconnecting' } });
    // Liveness does not depend on Slack: a reconnecting bot is alive.
    expect(healthResponse(HEALTH_PATH, state({ slack: { mode: 'socket', connections: 0 } }))?.status).toBe(200);
  });

  it('leaves other paths to the receiver', () => {
    expect(healthResponse('/slack/events', state())).toBeNull();
  });
});
