// Start-up as an operator sees it: `node --import tsx src/main.ts` (what `npm start` runs) in HTTP
// mode against a loopback Web API stand-in, timed from spawn until GET /healthz answers 200. Three
// runs on one DATA_DIR: cold (empty), warm (nothing changed), and warm after one page changed.
// Also reports what the first run left in DATA_DIR besides the digest state (the snapshot/cache)
// and each run's peak RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { postToSlackEndpoint, SIGNING_SECRET, slashCommand } from '../test/helpers/slack-requests.ts';
import { startWebApiStandIn, type StandIn } from '../test/helpers/web-api-stand-in.ts';
import { QUERY_CLASSES } from './search-bench.ts';
import { REPO_ROOT } from './generate-corpus.ts';
import { flag, numberFlag, peakRssMiB, round, sleep } from './measure.ts';

// By file URL: the bot runs from a scratch folder, where a bare `tsx` would not resolve.
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface StartRun {
  /** Spawn → first 200 from /healthz. */
  readyMs: number;
  /** The bot's peak RSS once ready (VmHWM), MiB. */
  peakRssMiB: number | null;
  /** The bot's peak RSS after answering every query of the search mix as a slash command (warm run only). */
  peakRssAfterQueriesMiB?: number | null;
  /** The bot's own line about what it indexed, for the record. */
  indexedLine: string | null;
}

export interface StartBenchResult {
  cold: StartRun;
  warm: StartRun;
  /** Warm start after appending one article to one page. */
  oneChanged: StartRun;
  /** Bytes in DATA_DIR after the cold run, without the digest state database. */
  snapshotBytes: number;
  snapshotFiles: string[];
}

/** Sum of file sizes under `dir`, skipping the state database (healthnews.sqlite and its WAL). */
function persistedBytes(dir: string): { bytes: number; files: string[] } {
  let bytes = 0;
  const files: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.startsWith('healthnews.sqlite')) {
        const size = statSync(full).size;
        bytes += size;
        files.push(`${path.relative(dir, full)} (${size} B)`);
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

/** Asks the running bot every query of the search mix twice, each answer awaited, as a user would. */
async function askEveryQuery(port: string, standIn: StandIn): Promise<void> {
  const queries = Object.values(QUERY_CLASSES).flat();
  for (let round = 0; round < 2; round++) {
    for (const [i, query] of queries.entries()) {
      const name = `q${round}-${i}`;
      const ack = await postToSlackEndpoint(`http://127.0.0.1:${port}`, slashCommand(query, { response_url: standIn.responseUrl(name) }));
      if (ack.status !== 200) throw new Error(`/healthnews ${query} was answered HTTP ${ack.status}`);
      await standIn.nextPost(`/respond/${name}`, 30_000);
    }
  }
}

async function startOnce(cwd: string, env: Record<string, string>, timeoutMs: number, afterReady?: (port: string) => Promise<void>): Promise<StartRun> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'src', 'main.ts')], {
    // A scratch working folder, so no .env of the developer's is read.
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    let port: string | undefined;
    for (;;) {
      if (performance.now() - started > timeoutMs) throw new Error(`not ready within ${timeoutMs} ms; log:\n${stderr.slice(-2000)}`);
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}; log:\n${stderr.slice(-2000)}`);
      port ??= /http:\/\/localhost:(\d+)/.exec(stderr)?.[1];
      if (port) {
        const status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
        if (status === 200) break;
      }
      await sleep(10);
    }
    const readyMs = performance.now() - started;
    const run: StartRun = {
      readyMs: Math.round(readyMs),
      peakRssMiB: peakRssMiB(child.pid!),
      indexedLine: /indexed [^\n]*/.exec(stderr)?.[0]?.slice(0, 200) ?? null,
    };
    if (afterReady) {
      await afterReady(port!);
      run.peakRssAfterQueriesMiB = peakRssMiB(child.pid!);
    }
    return run;
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/**
 * Copies the corpus to a scratch folder (a page is changed for the third run) and starts the bot
 * three times on one DATA_DIR.
 *
 * @example const { warm } = await runStartBench({ folder: 'benchmarks/out/corpus-10000-seed1' });
 */
export async function runStartBench(options: { folder: string; timeoutMs?: number; log?: (line: string) => void }): Promise<StartBenchResult> {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 300_000;
  const scratch = mkdtempSync(path.join(tmpdir(), 'healthnews-start-bench-'));
  const seeds = path.join(scratch, 'seeds');
  const dataDir = path.join(scratch, 'data');
  cpSync(options.folder, seeds, { recursive: true, filter: (source) => !source.endsWith('corpus.json') });
  mkdirSync(dataDir);
  const standIn = await startWebApiStandIn();
  try {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-0000-0000-benchmarkonly',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      PORT: '0',
      SEEDS_DIR: seeds,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      // Far from now, so no digest slot falls due while the bot starts.
      DIGEST_CRON: '0 9 1 1 *',
      DIGEST_GRACE_HOURS: '0',
    };
    const cold = await startOnce(scratch, env, timeoutMs);
    log(`cold start: ready in ${cold.readyMs} ms, peak RSS ${cold.peakRssMiB} MiB`);
    const persisted = persistedBytes(dataDir);
    const warm = await startOnce(scratch, env, timeoutMs, (port) => askEveryQuery(port, standIn));
    log(`warm start: ready in ${warm.readyMs} ms, peak RSS ${warm.peakRssMiB} MiB, ${warm.peakRssAfterQueriesMiB} MiB after the query mix`);
    const page = path.join(seeds, readdirSync(seeds).filter((n) => n.endsWith('.txt')).sort()[0]!);
    appendFileSync(page, '-\n基准测试:新增一条用于检验增量索引的文章 2024-12-31\n只改动了这一页,其余页面保持不变…\n');
    const oneChanged = await startOnce(scratch, env, timeoutMs);
    log(`one page changed: ready in ${oneChanged.readyMs} ms`);
    return { cold, warm, oneChanged, snapshotBytes: persisted.bytes, snapshotFiles: persisted.files };
  } finally {
    await standIn.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// As a child of run.ts: `node --import tsx benchmarks/start-bench.ts --corpus <folder>`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const folder = flag(args, 'corpus');
  if (typeof folder !== 'string') {
    console.error('usage: node --import tsx benchmarks/start-bench.ts --corpus <folder of pages> [--timeout-ms 300000]');
    process.exit(2);
  }
  const result = await runStartBench({ folder, timeoutMs: numberFlag(args, 'timeout-ms', 300_000), log: (line) => console.error(`[start] ${line}`) });
  console.log(JSON.stringify({ ...result, snapshotMiB: round(result.snapshotBytes / 2 ** 20, 2) }));
}
