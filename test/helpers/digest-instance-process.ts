// The parent's side of test/helpers/digest-instance.ts: starts an instance process, collects the
// events it prints, waits on them, and kills it. Used by the multi-instance digest test and the
// two-instance digest benchmark (so it imports nothing from vitest).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunReport } from '../../src/digest/digest-run.ts';
import type { PostRatePolicy } from '../../src/slack/post-rate-limiter.ts';
import type { InstanceEvent } from './digest-instance.ts';
import { REPO_ROOT } from './paths.ts';

const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const INSTANCE = path.join(REPO_ROOT, 'test', 'helpers', 'digest-instance.ts');

export interface InstanceSettings {
  databaseUrl: string;
  apiUrl: string;
  /** The cron fire time of the slot to run. */
  slotTime: Date;
  /** A JSON file of the articles. */
  articlesFile: string;
  leaseMs?: number;
  rate?: Partial<PostRatePolicy>;
  /** Channels served at once (default the bot's 64). */
  concurrency?: number;
  /** Wait for {@link DigestInstance.go} before running (so several start together). */
  waitForGo?: boolean;
  /** Run the slot (default), or start as after a restart and let the scheduler's catch-up run it. */
  run?: 'slot' | 'catch-up';
}

export interface DigestInstance {
  readonly name: string;
  readonly child: ChildProcess;
  /** Every event printed so far, in order. */
  readonly events: InstanceEvent[];
  /** The posts this instance saw accepted, in order. */
  posted(): Array<{ channel: string; part: number }>;
  /** The run's report, once it printed `done` (null for a catch-up). */
  report(): RunReport | null;
  /** Resolves once `test` holds for the events so far (checked at each new one); rejects on exit or after `timeoutMs`. */
  waitFor(what: string, test: (events: readonly InstanceEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Tells an instance started with `waitForGo` to run. */
  go(): void;
  /** SIGKILL: no clean-up, no last words. Resolves when it is gone. */
  kill(): Promise<void>;
  /** Resolves with the exit code (null when killed). */
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/** Starts one instance process; `name` labels its failures. */
export function startDigestInstance(name: string, settings: InstanceSettings): DigestInstance {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: settings.databaseUrl,
    SLACK_API_URL: settings.apiUrl,
    DIGEST_SLOT: settings.slotTime.toISOString(),
    DIGEST_ARTICLES: settings.articlesFile,
    ...(settings.leaseMs !== undefined ? { DIGEST_LEASE_MS: String(settings.leaseMs) } : {}),
    ...(settings.rate ? { DIGEST_POST_RATE: JSON.stringify(settings.rate) } : {}),
    ...(settings.concurrency !== undefined ? { DIGEST_CONCURRENCY: String(settings.concurrency) } : {}),
    ...(settings.waitForGo ? { DIGEST_WAIT_FOR_GO: '1' } : {}),
    ...(settings.run ? { DIGEST_RUN: settings.run } : {}),
  };
  const child = spawn(process.execPath, ['--import', TSX, INSTANCE], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const events: InstanceEvent[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let pending = '';
  // A `go` written after the instance died must not throw EPIPE at the parent.
  child.stdin!.on('error', () => undefined);
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (!line.trim()) continue;
      events.push(JSON.parse(line) as InstanceEvent);
      for (const listener of [...listeners]) listener();
    }
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      for (const listener of [...listeners]) listener();
      resolve(code);
    }),
  );
  const instance: DigestInstance = {
    name,
    child,
    events,
    posted: () => events.flatMap((e) => (e.event === 'posted' ? [{ channel: e.channel, part: e.part }] : [])),
    report: () => {
      const done = events.find((e) => e.event === 'done');
      return done && done.event === 'done' ? done.report : null;
    },
    waitFor(what, test, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (test(events)) return finish(null);
          if (exitCode !== undefined) finish(new Error(`${name} exited (${exitCode}) before ${what}; stderr:\n${stderr}`));
        };
        const finish = (error: Error | null) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const timer = setTimeout(() => finish(new Error(`${name}: no ${what} within ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    go: () => child.stdin!.write('go\n'),
    async kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
      await exited;
    },
    exited,
    stderr: () => stderr,
  };
  return instance;
}

/** Resolves when every instance has printed `done` (rejects when one exits or errs first). */
export function allDone(instances: readonly DigestInstance[], timeoutMs?: number): Promise<void> {
  return Promise.all(instances.map((i) => i.waitFor('done', (events) => events.some((e) => e.event === 'done'), timeoutMs))).then(() => undefined);
}
