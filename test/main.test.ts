// `npm start` as a user runs it: the real entry point in its own process, settings from the
// environment, Slack's Web API replaced by a local stand-in. Checks the one-line failures, the
// HTTP-mode answer to a signed /healthnews, and a clean exit on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, SEEDS_DIR } from './helpers/paths.ts';
import { postToSlackEndpoint, SIGNING_SECRET, slashCommand } from './helpers/slack-requests.ts';
import { startWebApiStandIn, type StandIn } from './helpers/web-api-stand-in.ts';

const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = path.join(REPO_ROOT, 'src', 'main.ts');
const TOKEN = 'xoxb-1111-2222-secretbottoken';

interface Running {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

const running: Running[] = [];
let standIn: StandIn | undefined;

/** Runs src/main.ts with exactly `env` (plus PATH), from an empty folder so no .env is read. */
function runMain(env: Record<string, string>): Running {
  const cwd = mkdtempSync(path.join(tmpdir(), 'healthnews-main-'));
  const child = spawn(process.execPath, ['--import', TSX, MAIN], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const run = { child, stderr: () => stderr, exited };
  running.push(run);
  return run;
}

async function waitForLog(run: Running, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(run.stderr());
    if (match) return match;
    if (Date.now() > until) throw new Error(`no log line matching ${pattern}; got:\n${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(async () => {
  for (const run of running.splice(0)) run.child.kill('SIGKILL');
  await standIn?.close();
  standIn = undefined;
});

describe('npm start', () => {
  it('stops with one line naming a missing setting', async () => {
    const run = runMain({ SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(await run.exited).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^healthnews: SLACK_BOT_TOKEN: is not set/);
  });

  it('names a malformed token without echoing it', async () => {
    const run = runMain({ SLACK_BOT_TOKEN: 'xoxp-9999-leakedusertoken', SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).toContain('SLACK_BOT_TOKEN');
    expect(run.stderr()).not.toContain('leakedusertoken');
  });

  it('stops with one line when Slack refuses the token', async () => {
    standIn = await startWebApiStandIn({ ok: false, error: 'invalid_auth' });
    const run = runMain({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, PORT: '0', SEEDS_DIR });
    expect(await run.exited).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/SLACK_BOT_TOKEN: Slack refused it \(invalid_auth\)/);
    expect(run.stderr()).not.toContain('secretbottoken');
  });

  it('stops with one line when the pages folder is missing', async () => {
    standIn = await startWebApiStandIn();
    const run = runMain({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, PORT: '0', SEEDS_DIR: '/nonexistent/pages' });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/^healthnews: SEEDS_DIR: \/nonexistent\/pages not found/m);
  });

  it('answers a signed /healthnews 四川 in HTTP mode, and exits 0 on SIGTERM', async () => {
    standIn = await startWebApiStandIn();
    const run = runMain({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, PORT: '0', SEEDS_DIR, LOG_LEVEL: 'debug' });
    const port = (await waitForLog(run, /listening for Slack on http:\/\/localhost:(\d+)/))[1];
    await waitForLog(run, /indexed \d+ articles/);
    const baseUrl = `http://127.0.0.1:${port}`;
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);

    const ack = await postToSlackEndpoint(baseUrl, slashCommand('四川', { response_url: standIn.responseUrl('cmd1') }));
    expect(ack.status).toBe(200);
    const answer = await standIn.nextPost('/respond/cmd1');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.blocks.filter((b: any) => b.type === 'divider')).toHaveLength(4);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).not.toContain('secretbottoken');
    expect(run.stderr()).not.toContain(SIGNING_SECRET);
  });
});
