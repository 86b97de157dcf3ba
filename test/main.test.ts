// `npm start` as a user runs it: the real entry point in its own process, settings from the
// environment, Slack's Web API replaced by a local stand-in. Checks the one-line failures, the
// HTTP-mode answer to a signed /healthnews, DIGEST_CHANNELS seeded and slash-command subscriptions
// kept under DATA_DIR (then posted by `healthnews digest --post`), a page dropped into the seeds
// folder searchable within seconds, and a clean exit on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runHealthnews } from './cli/cli-run.ts';
import { REPO_ROOT, SEEDS_DIR } from './helpers/paths.ts';
import { createTestDatabase, postgresSkipReason } from './helpers/postgres.ts';
import { postToSlackEndpoint, SIGNING_SECRET, slashCommand } from './helpers/slack-requests.ts';
import { startSocketModeStandIn, type SocketModeStandIn } from './helpers/socket-mode-stand-in.ts';
import { startWebApiStandIn, type StandIn, type StandInAnswer } from './helpers/web-api-stand-in.ts';

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
let socketStandIn: SocketModeStandIn | undefined;

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

/**
 * Runs src/main.ts with `env` until it exits on its own (as it must on a bad setting) and returns
 * its exit code and stderr. Not tracked for afterEach, so such tests can run concurrently.
 */
async function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'healthnews-main-'));
  const child = spawn(process.execPath, ['--import', TSX, MAIN], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A bad setting must stop the bot; one that keeps running fails the test instead of hanging it.
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stderr };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then let go): a database that is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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
  await socketStandIn?.close();
  socketStandIn = undefined;
});

// Each of these starts the bot and watches it stop by itself, so they run side by side (each with
// its own stand-in): most of their time is Node and the modules loading.
describe.concurrent('npm start with a bad setting', () => {
  it('stops with one line naming a missing setting', async () => {
    const run = await runToExit({ SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^healthnews: SLACK_BOT_TOKEN: is not set/);
  });

  it('names a malformed token without echoing it', async () => {
    const run = await runToExit({ SLACK_BOT_TOKEN: 'xoxp-9999-leakedusertoken', SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
    expect(run.stderr).not.toContain('leakedusertoken');
  });

  it('stops with one line when Slack refuses the token', async () => {
    const refusing = await startWebApiStandIn({ authTest: { ok: false, error: 'invalid_auth' } });
    try {
      const run = await runToExit({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: refusing.apiUrl, PORT: '0', SEEDS_DIR });
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/SLACK_BOT_TOKEN: Slack refused it \(invalid_auth\)/);
      expect(run.stderr).not.toContain('secretbottoken');
    } finally {
      await refusing.close();
    }
  });

  it('stops with one line naming DATABASE_URL when PostgreSQL cannot be reached, never printing the password', async () => {
    const closed = await closedPort();
    const DATABASE_URL = `postgres://bot:pgsecretpw@127.0.0.1:${closed}/healthnews`;
    const run = await runToExit({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SEEDS_DIR, DATABASE_URL });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^healthnews: DATABASE_URL: cannot use PostgreSQL at postgres://bot@127\\.0\\.0\\.1:${closed}/healthnews: .*ECONNREFUSED.*; check that the server is running`));
    expect(run.stderr).not.toContain('pgsecretpw');
  });

  it('stops with one line when the pages folder is missing', async () => {
    const slack = await startWebApiStandIn();
    try {
      const run = await runToExit({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: '0', SEEDS_DIR: '/nonexistent/pages' });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^healthnews: SEEDS_DIR: \/nonexistent\/pages is not a folder; create it or point SEEDS_DIR at/m);
      expect(run.stderr.split('\n').filter((l) => l.startsWith('healthnews:'))).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });

  it.each([
    ['DIGEST_CRON', '0 25 * * *', /^healthnews: DIGEST_CRON: "0 25 \* \* \*" is not a cron expression; use five fields/],
    ['DIGEST_TZ', 'Asia/Chengdu', /^healthnews: DIGEST_TZ: "Asia\/Chengdu" is not an IANA time zone; use e\.g\. Asia\/Shanghai$/],
    ['DIGEST_CHANNELS', 'C0123=四川,#general', /^healthnews: DIGEST_CHANNELS: entry 2 "#general" is not "CHANNELID"/],
    ['DIGEST_CHANNELS', 'C0123=四川+的', /^healthnews: DIGEST_CHANNELS: entry "C0123=四川\+的": "的" neither a region name nor a topic/],
  ])('stops with one line and exit 1 on a bad %s (%s), before creating any state', async (variable, value, line) => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'healthnews-bad-')), 'data');
    const run = await runToExit({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SEEDS_DIR, DATA_DIR: dataDir, [variable]: value });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('npm start', () => {

  it('answers a signed /healthnews 四川 in HTTP mode, and exits 0 on SIGTERM', async () => {
    standIn = await startWebApiStandIn();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-start-'));
    const run = runMain({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, PORT: '0', SEEDS_DIR, LOG_LEVEL: 'debug', DATA_DIR: dataDir });
    const listening = await waitForLog(run, /listening for Slack on http:\/\/localhost:(\d+)\/slack\/events; .*; state in (.*)$/m);
    expect(listening[2]).toBe(path.join(dataDir, 'healthnews.sqlite'));
    const port = listening[1];
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

describe('npm start in Socket Mode', () => {
  const APP_TOKEN = 'xapp-1-A0001-1111-secretapptoken';

  it('stops with one line naming SLACK_APP_TOKEN when Slack refuses it at start', async () => {
    socketStandIn = await startSocketModeStandIn();
    socketStandIn.failOpens('invalid_auth', 10);
    const run = runMain({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: socketStandIn.apiUrl, PORT: '0', SEEDS_DIR });
    expect(await run.exited).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^healthnews: SLACK_APP_TOKEN: Slack refused it \(invalid_auth\).*App-Level Tokens/);
    expect(run.stderr()).not.toContain('secretapptoken');
  });

  it('logs the bound port for PORT=0 on HOST, is ready once connected, and stops with exit 1 and one ERROR line when a reconnect is refused', async () => {
    socketStandIn = await startSocketModeStandIn();
    const run = runMain({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: socketStandIn.apiUrl, PORT: '0', HOST: '127.0.0.1', SEEDS_DIR });
    const port = (await waitForLog(run, /connected to Slack in Socket Mode; health checks on http:\/\/127\.0\.0\.1:(\d+)\/healthz and \/readyz/))[1];
    expect(Number(port)).toBeGreaterThan(0);
    await waitForLog(run, /indexed \d+ articles/);
    await socketStandIn.waitForLive(2);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    // The app token is regenerated: Slack refuses every new connection, then drops the old ones.
    socketStandIn.failOpens('invalid_auth', 10);
    socketStandIn.dropAbruptly();
    socketStandIn.dropAbruptly();
    expect(await run.exited).toBe(1);
    const errors = run.stderr().split('\n').filter((line) => / ERROR /.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/SLACK_APP_TOKEN: Slack refused it \(invalid_auth\)/);
    expect(run.stderr()).not.toMatch(/Unhandled|^\s+at /m);
    expect(run.stderr()).not.toContain('secretapptoken');
  });
});

/** The stand-in as Slack answers the bot: it is a member of every channel the tests use. */
const memberEverywhere: StandInAnswer = (method, body) =>
  method === 'conversations.info' ? { ok: true, channel: { id: body.channel, is_channel: true, is_private: false, is_member: true } } : undefined;

let commandCount = 0;

/** Sends a signed `/healthnews text` from `channel` to the running bot and returns the answer. */
async function slash(baseUrl: string, text: string, channel = 'C2147483705'): Promise<Record<string, any>> {
  const name = `cmd${commandCount++}`;
  const ack = await postToSlackEndpoint(baseUrl, slashCommand(text, { channel_id: channel, response_url: standIn!.responseUrl(name) }));
  expect(ack.status).toBe(200);
  return standIn!.nextPost(`/respond/${name}`);
}

/** A 地方新闻 listing page with one article, in the format of the shipped pages. */
function newsPage(title: string, date: string, summary: string): string {
  return `地方新闻\n-\n${title} ${date}\n${summary}\n`;
}

describe('npm start with the digest', () => {
  it.skipIf(postgresSkipReason !== null)('two instances with one DATABASE_URL share their state: subscribed at one, listed at the other', async () => {
    standIn = await startWebApiStandIn({ answers: memberEverywhere });
    const DATABASE_URL = await createTestDatabase();
    const dataDirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'healthnews-instance-')));
    const runs = dataDirs.map((dataDir) =>
      runMain({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn!.apiUrl, PORT: '0', SEEDS_DIR, DATA_DIR: dataDir, DATABASE_URL }),
    );
    const listening = await Promise.all(runs.map((run) => waitForLog(run, /listening for Slack on http:\/\/localhost:(\d+)\/slack\/events; .*; state in (.*)$/m)));
    for (const match of listening) expect(match[2]).toBe(DATABASE_URL); // the test server has no password to hide
    const [one, two] = listening.map((match) => `http://127.0.0.1:${match[1]}`);
    expect((await slash(one!, 'subscribe 四川 每周', 'C0SICHUAN')).text).toMatch(/^已订阅：<#C0SICHUAN> 将收到 四川 · 每周/);
    expect(JSON.stringify((await slash(two!, 'subscriptions', 'C0SICHUAN')).blocks)).toContain('<#C0SICHUAN> — 四川 · 每周');
    for (const run of runs) run.child.kill('SIGTERM');
    expect(await Promise.all(runs.map((run) => run.exited))).toEqual([0, 0]);
    // Only caches under DATA_DIR: the state is in PostgreSQL.
    for (const dataDir of dataDirs) expect(existsSync(path.join(dataDir, 'healthnews.sqlite'))).toBe(false);
  });

  it('seeds DIGEST_CHANNELS, keeps slash-command subscriptions under DATA_DIR, and digest --post delivers them once', async () => {
    standIn = await startWebApiStandIn({ answers: memberEverywhere });
    const seeds = mkdtempSync(path.join(tmpdir(), 'healthnews-seeds-'));
    cpSync(SEEDS_DIR, seeds, { recursive: true });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-data-'));
    const env = {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      SEEDS_DIR: seeds,
      DATA_DIR: dataDir,
      DIGEST_CHANNELS: 'C0SEEDED=陕西',
      DIGEST_CRON: '0 9 * * *',
    };
    const run = runMain({ ...env, PORT: '0' });
    const port = (await waitForLog(run, /listening for Slack on http:\/\/localhost:(\d+)/))[1];
    await waitForLog(run, /digest scheduled "0 9 \* \* \*" in Asia\/Shanghai/);
    expect(run.stderr()).toMatch(/DIGEST_CHANNELS: added C0SEEDED/);
    const baseUrl = `http://127.0.0.1:${port}`;

    const listed = await slash(baseUrl, 'subscriptions');
    expect(JSON.stringify(listed.blocks)).toContain('<#C0SEEDED> — 陕西 · 每天 (DIGEST_CHANNELS)');
    expect((await slash(baseUrl, 'subscribe 四川', 'C0SICHUAN')).text).toMatch(/^已订阅：<#C0SICHUAN> 将收到 四川 · 每天 的摘要（每天 09:00（Asia\/Shanghai））。$/);
    expect((await slash(baseUrl, 'subscribe 广东', 'C0GUANGDONG')).text).toMatch(/^已订阅/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    // The bot is stopped; the CLI posts from the same DATA_DIR, as the scheduled run would.
    const posts = () => standIn!.received('/api/chat.postMessage');
    const first = await runHealthnews(['digest', '--post'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/C0SICHUAN\s+sent \d+ article/);
    expect(first.stdout).toMatch(/C0GUANGDONG\s+sent \d+ article/);
    const firstPosts = posts().length;
    expect(new Set(posts().map((p) => p.channel))).toEqual(new Set(['C0SICHUAN', 'C0GUANGDONG', 'C0SEEDED']));

    const second = await runHealthnews(['digest', '--post'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('sent');
    expect(posts()).toHaveLength(firstPosts);

    writeFileSync(path.join(seeds, 'zz-new.txt'), newsPage('成都:鲲鹏健康云平台正式上线', '2099-01-02', '成都市卫生健康委宣布鲲鹏健康云平台上线。'));
    const third = await runHealthnews(['digest', '--post'], env);
    expect(third.stdout).toMatch(/C0SICHUAN\s+sent 1 article/);
    const fresh = posts().slice(firstPosts);
    expect(fresh.map((p) => p.channel)).toEqual(['C0SICHUAN']);
    // Under its region (成都 is in 四川), and nothing else in the message.
    const sections = (JSON.parse(fresh[0]!.blocks) as Array<Record<string, any>>).filter((b) => b.type === 'section').map((b) => b.text.text);
    expect(sections).toEqual([expect.stringMatching(/^\*四川\* 1 篇\n• 成都:鲲鹏健康云平台正式上线 /)]);
  });

  it('makes a page dropped into the seeds folder searchable within seconds, without a restart', async () => {
    standIn = await startWebApiStandIn({ answers: memberEverywhere });
    const seeds = mkdtempSync(path.join(tmpdir(), 'healthnews-seeds-'));
    cpSync(SEEDS_DIR, seeds, { recursive: true });
    const run = runMain({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      PORT: '0',
      SEEDS_DIR: seeds,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'healthnews-data-')),
    });
    const port = (await waitForLog(run, /listening for Slack on http:\/\/localhost:(\d+)/))[1];
    await waitForLog(run, /indexed \d+ articles/);
    const baseUrl = `http://127.0.0.1:${port}`;
    const before = await slash(baseUrl, '鲲鹏健康云');
    expect(JSON.stringify(before.blocks)).not.toContain('鲲鹏健康云平台正式上线');

    writeFileSync(path.join(seeds, 'zz-new.txt'), newsPage('宁夏:鲲鹏健康云平台正式上线', '2014-11-07', '宁夏回族自治区卫生计生委宣布鲲鹏健康云平台上线。'));
    const dropped = Date.now();
    let found = false;
    while (!found && Date.now() - dropped < 10_000) {
      found = JSON.stringify((await slash(baseUrl, '鲲鹏健康云')).blocks).includes('鲲鹏健康云平台正式上线');
      if (!found) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found).toBe(true);
    expect(Date.now() - dropped).toBeLessThan(10_000);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toMatch(/SIGTERM received/);
  });
});
