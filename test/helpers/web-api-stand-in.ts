// A tiny local stand-in for Slack's Web API and response_urls, for tests that run the bot as a
// separate process (where nock cannot reach): answers auth.test and records every POST. Other
// methods answer `{ ok: true, ts }` with a fresh ts each time, unless `answers` says otherwise.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  apiUrl: string;
  /** A response_url served by the stand-in. */
  responseUrl(name: string): string;
  /** Resolves with the JSON body of the first POST to `path`. */
  nextPost(path: string, timeoutMs?: number): Promise<Record<string, any>>;
  /** Every POST to `path` so far, in order (whether or not `nextPost` took it). */
  received(path: string): Array<Record<string, any>>;
  close(): Promise<void>;
}

/** Answers a Web API call (`method` like `conversations.info`) with a JSON body, or undefined for the default. */
export type StandInAnswer = (method: string, body: Record<string, any>) => Record<string, unknown> | undefined;

/** Starts the stand-in; `authTest` is what auth.test answers, `answers` may answer other methods. */
export async function startWebApiStandIn(
  authTest: Record<string, unknown> = { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0001' },
  answers: StandInAnswer = () => undefined,
): Promise<StandIn> {
  let sequence = 0;
  const posts = new Map<string, Array<Record<string, any>>>();
  const history = new Map<string, Array<Record<string, any>>>();
  const waiters = new Map<string, Array<(body: Record<string, any>) => void>>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/api/auth.test') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(authTest));
        return;
      }
      const body = raw.startsWith('{') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      history.set(path, [...(history.get(path) ?? []), body]);
      const waiting = waiters.get(path)?.shift();
      if (waiting) waiting(body);
      else posts.set(path, [...(posts.get(path) ?? []), body]);
      const answer = path.startsWith('/api/') ? answers(path.slice('/api/'.length), body) : undefined;
      res.writeHead(200, { 'content-type': 'application/json' });
      // Like Slack: the current second, made unique by the fraction.
      res.end(JSON.stringify(answer ?? { ok: true, ts: `${Math.floor(Date.now() / 1000)}.${String(++sequence).padStart(6, '0')}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (name) => `${base}/respond/${name}`,
    nextPost(path, timeoutMs = 10_000) {
      const ready = posts.get(path)?.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no POST to ${path} within ${timeoutMs} ms`)), timeoutMs);
        waiters.set(path, [
          ...(waiters.get(path) ?? []),
          (body) => {
            clearTimeout(timer);
            resolve(body);
          },
        ]);
      });
    },
    received: (path) => [...(history.get(path) ?? [])],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
