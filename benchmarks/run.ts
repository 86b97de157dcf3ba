// `npm run bench`: generates (or reuses) a corpus, runs each benchmark in a child process of its
// own (so one bench's heap, JIT and sockets never colour another's figures), and prints every
// figure next to its target from issue 5 with ✓/✗ — or, with --json, one JSON object.
//
//   npm run bench -- --size 100000            # 1000 | 10000 (default) | 100000
//   npm run bench -- --only search,http --json
//   npm run bench -- --only changes            # pages changing under the HTTP load
//   npm run bench -- --corpus both            # seed (default) | words | both: see generate-corpus.ts
//   npm run bench -- --only minisearch        # article retrieval: MiniSearch vs our index vs a scan
//   npm run bench -- --only digest2 --digest-channels 300   # two instances on PostgreSQL (default 1,000 channels)
import os from 'node:os';
import type { ChangeBenchResult } from './change-bench.ts';
import { CORPUS_KINDS, ensureCorpus, type CorpusKind, type CorpusStats } from './generate-corpus.ts';
import type { DigestBenchResult, TwoInstanceDigestBenchResult } from './digest-bench.ts';
import type { HttpBenchResult } from './http-bench.ts';
import type { MiniSearchBenchResult } from './minisearch-bench.ts';
import { flag, numberFlag, round, runChild } from './measure.ts';
import type { SearchBenchResult } from './search-bench.ts';
import type { StartBenchResult } from './start-bench.ts';

const SIZES = [1_000, 10_000, 100_000];
const BENCHES = ['search', 'start', 'http', 'changes', 'digest', 'digest2', 'minisearch'] as const;
type Bench = (typeof BENCHES)[number];
/** Run without --only. The MiniSearch comparison is asked for by name: it takes a minute and ~1 GB at 100,000 articles. */
const DEFAULT_BENCHES: readonly Bench[] = ['search', 'start', 'http', 'changes', 'digest', 'digest2'];

/** What each bench measured (those that ran). */
type Results = Partial<{ search: SearchBenchResult; start: StartBenchResult; http: HttpBenchResult; changes: ChangeBenchResult; digest: DigestBenchResult; digest2: TwoInstanceDigestBenchResult; minisearch: MiniSearchBenchResult }>;

/** One table row: what, the figure, the target, and whether it is met (null: no target). */
interface Row {
  what: string;
  value: string;
  target: string;
  met: boolean | null;
}


const mb = (mib: number | null) => (mib === null ? null : round(mib * 1.048576, 0)); // MiB → MB (10^6 bytes)
const ms = (value: number) => `${value} ms`;

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${round(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function rows(corpus: CorpusStats, results: Results): Row[] {
  const out: Row[] = [];
  const { search, start, http, changes, digest, digest2, minisearch } = results;
  // Generated titles can coincide on the same day; the reader then merges them, as it should.
  const distinct = search ? `, ${search.articles.toLocaleString('en')} distinct as read` : '';
  out.push({
    what: 'corpus',
    value: `${corpus.kind} text: ${corpus.articles.toLocaleString('en')} articles${distinct}, ${(corpus.chars / 1e6).toFixed(1)}M chars, ${corpus.pages} pages (${corpus.duplicates} repeats, ${corpus.dateless} dateless)`,
    target: '100,000 articles ≈ 14M chars',
    met: null,
  });
  if (search) {
    out.push({ what: 'cold build (read pages + index, in-process)', value: `${ms(search.coldBuildMs)} (read ${search.readPagesMs} + index ${search.buildIndexMs})`, target: '— (MiniSearch: ~38 s)', met: null });
  }
  if (start) {
    out.push({ what: 'start, empty DATA_DIR → /healthz 200', value: ms(start.cold.readyMs), target: '—', met: null });
    out.push({ what: 'warm start, nothing changed → /healthz 200', value: ms(start.warm.readyMs), target: '≤ 3000 ms', met: start.warm.readyMs <= 3000 });
    out.push({ what: 'warm start, one page changed → /healthz 200', value: ms(start.oneChanged.readyMs), target: '≤ 3000 ms', met: start.oneChanged.readyMs <= 3000 });
    const warmRss = mb(start.warm.peakRssAfterQueriesMiB ?? null);
    out.push({
      what: 'peak RSS, bot: warm start + the query mix as slash commands (VmHWM)',
      value: warmRss === null ? 'n/a' : `${warmRss} MB`,
      target: '≤ 400 MB',
      met: warmRss === null ? null : warmRss <= 400,
    });
    const coldRss = mb(start.cold.peakRssMiB);
    out.push({ what: 'peak RSS, bot at cold start (VmHWM)', value: coldRss === null ? 'n/a' : `${coldRss} MB`, target: '≤ 400 MB', met: coldRss === null ? null : coldRss <= 400 });
    out.push({
      what: 'snapshot/cache in DATA_DIR (state DB excluded)',
      value: start.snapshotBytes === 0 ? 'none persisted' : `${round(start.snapshotBytes / 1e6, 1)} MB`,
      target: '— (MiniSearch JSON: 109 MB)',
      met: null,
    });
  }
  if (search) {
    const rss = mb(search.peakRssMiB);
    // Not the bot: this process also holds the scan baseline's copy of every text and reads the pages without the cache.
    out.push({ what: 'peak RSS, search bench process (index + scan baseline, VmHWM)', value: rss === null ? 'n/a' : `${rss} MB`, target: '— (not the bot)', met: null });
    for (const c of search.classes) {
      out.push({
        what: `search "${c.name}" index p50 / p99 (n=${c.iterations})`,
        value: `${c.index.p50} / ${c.index.p99} ms`,
        target: 'p99 ≤ 20 ms',
        met: c.index.p99 <= 20,
      });
      out.push({
        what: `  vs scan p50 / p99 → speed-up`,
        value: `${c.scan.p50} / ${c.scan.p99} ms → ×${c.speedupP50} / ×${c.speedupP99}`,
        target: 'faster than scan (× > 1)',
        met: c.speedupP50 > 1 && c.speedupP99 > 1,
      });
    }
    out.push({ what: 'search, all classes, index p99', value: ms(search.overall.p99), target: '≤ 20 ms', met: search.overall.p99 <= 20 });
    out.push({
      what: 'baseline agrees with the index',
      value: search.mismatches.length === 0 ? 'every query' : `${search.mismatches.length} queries differ`,
      target: 'every query',
      met: search.mismatches.length === 0,
    });
  }
  if (http) {
    const c = http.concurrency;
    out.push({ what: `bare Bolt ack p50 / p99 (${c} conn.)`, value: `${http.bare.ackMs.p50} / ${http.bare.ackMs.p99} ms`, target: '—', met: null });
    out.push({ what: 'bare Bolt throughput', value: `${http.bare.throughput} req/s`, target: '— (reference)', met: null });
    out.push({ what: `/healthnews ack p50 / p99 (${c} conn.)`, value: `${http.ours.ackMs.p50} / ${http.ours.ackMs.p99} ms`, target: 'p99 ≤ 100 ms', met: http.ours.ackMs.p99 <= 100 });
    out.push({
      what: '/healthnews throughput vs bare',
      value: `${http.ours.throughput} req/s = ${round(http.throughputRatio * 100, 1)}%`,
      target: '≥ 25%',
      met: http.throughputRatio >= 0.25,
    });
    const failures = Object.entries(http.ours.failures);
    out.push({
      what: '/healthnews failed requests; answers delivered',
      value: `${failures.length === 0 ? 'none' : failures.map(([k, v]) => `${k}×${v}`).join(', ')}; ${http.ours.answersReceived}/${http.ours.answersExpected}`,
      target: 'none; all',
      met: failures.length === 0 && http.ours.answersReceived === http.ours.answersExpected,
    });
    out.push({
      what: '/healthnews told busy (in the ack; in the answer); last answer after the load stopped',
      value: `${http.ours.busyAcks}; ${http.ours.busyAnswers}; ${http.ours.lastAnswerAfterLoadMs} ms`,
      target: '—',
      met: null,
    });
  }
  if (changes) {
    const { load } = changes;
    const when = `${changes.changes} page changes, ${changes.merges} merge(s), ${changes.snapshotSaves} snapshot save(s)`;
    out.push({
      what: `/healthnews ack p50 / p99 / max while pages change (${changes.concurrency} conn., ${when})`,
      value: `${load.ackMs.p50} / ${load.ackMs.p99} / ${load.ackMs.max} ms`,
      target: 'p99 ≤ 100 ms, max ≤ 1000 ms',
      met: load.ackMs.p99 <= 100 && load.ackMs.max <= 1000,
    });
    out.push({
      what: 'longest event-loop delay while pages change (monitorEventLoopDelay max; p99)',
      value: `${changes.loopDelay.max} ms; ${changes.loopDelay.p99} ms`,
      target: '— (includes time the machine did not run us)',
      met: null,
    });
    out.push({
      what: 'longest event-loop block while pages change (main thread running, schedstat)',
      value: changes.longestMainThreadRunMs === null ? 'n/a (Linux only)' : ms(changes.longestMainThreadRunMs),
      target: '≤ 50 ms',
      met: changes.longestMainThreadRunMs === null ? null : changes.longestMainThreadRunMs <= 50,
    });
    const failures = Object.entries(load.failures);
    out.push({
      what: 'while pages change: failed requests; answers delivered; changes searchable',
      value: `${failures.length === 0 ? 'none' : failures.map(([k, v]) => `${k}×${v}`).join(', ')}; ${load.answersReceived}/${load.answersExpected}; ${changes.changesSearchable}/${changes.changes}`,
      target: 'none; all; all',
      met: failures.length === 0 && load.answersReceived === load.answersExpected && changes.changesSearchable === changes.changes,
    });
  }
  if (digest) {
    out.push({
      what: `digest to ${digest.channels} channels (${digest.plannedPosts} posts, ${digest.channelsWithThreads} threaded)`,
      value: `${digest.seconds} s = ${digest.ratio}× the ${digest.boundSeconds} s bound; ${digest.rateLimited} × 429`,
      target: '≤ 1.5× bound',
      met: digest.ratio <= 1.5,
    });
    out.push({
      what: 'digest: channels served exactly as planned',
      value: `${digest.channels - digest.wrongChannels}/${digest.channels} (${digest.acceptedPosts} posts accepted)`,
      target: 'all, once',
      met: digest.wrongChannels === 0,
    });
  }
  if (digest2) out.push(...twoInstanceDigestRows(digest2));
  if (minisearch) out.push(...miniSearchRows(minisearch, search));
  return out;
}

/** The same digest by two instances sharing PostgreSQL: within the bound together, every channel once, the work shared. */
function twoInstanceDigestRows(d: TwoInstanceDigestBenchResult): Row[] {
  if ('unavailable' in d) return [{ what: 'digest by two instances (PostgreSQL)', value: `not run: ${d.unavailable}`, target: '≤ 1.5× bound', met: null }];
  return [
    {
      what: `digest by two instances on one PostgreSQL to ${d.channels} channels (${d.plannedPosts} posts, ${d.channelsWithThreads} threaded)`,
      value: `${d.seconds} s = ${d.ratio}× the ${d.boundSeconds} s bound; ${d.rateLimited} × 429`,
      target: '≤ 1.5× bound',
      met: d.ratio <= 1.5,
    },
    {
      what: 'two instances: busiest minute at the stand-in (both together)',
      value: `${d.busiestMinute} posts`,
      target: '≤ 300',
      met: d.busiestMinute <= 300,
    },
    {
      what: 'two instances: channels served exactly as planned; posts by each',
      value: `${d.channels - d.wrongChannels}/${d.channels} (${d.acceptedPosts} posts accepted); ${d.postsByInstance.join(' + ')}`,
      target: 'all, once; both post',
      met: d.wrongChannels === 0 && d.postsByInstance.length === 2 && d.postsByInstance.every((n) => n > 0),
    },
  ];
}

/** The article-retrieval comparison and the "did you mean" vocabulary (src/search/DESIGN.md quotes these). */
function miniSearchRows(m: MiniSearchBenchResult, search: SearchBenchResult | undefined): Row[] {
  const engine = (e: MiniSearchBenchResult['ours']) => `${ms(e.buildMs)}, ${mb(e.heapMiB)} MB`;
  const out: Row[] = [
    { what: 'build, memory: our index / MiniSearch (bigrams) / scan', value: `${engine(m.ours)} / ${engine(m.minisearch)} / ${engine(m.scan)}`, target: '—', met: null },
  ];
  for (const c of m.classes) {
    out.push({
      what: `"${c.name}" p50 / p99: ours · MiniSearch · scan (n=${c.iterations})`,
      value: `${c.ours.p50} / ${c.ours.p99} · ${c.minisearch.p50} / ${c.minisearch.p99} · ${c.scan.p50} / ${c.scan.p99} ms`,
      target: 'ours fastest',
      met: c.ours.p50 < c.minisearch.p50 && c.ours.p99 < c.minisearch.p99 && c.ours.p50 < c.scan.p50,
    });
  }
  out.push({
    what: 'MiniSearch agrees with the index',
    value: m.mismatches.length === 0 ? 'every query' : m.mismatches.join('; '),
    target: 'every query',
    met: m.mismatches.length === 0,
  });
  const share = search ? ` = ${round((m.fold.ms / search.buildIndexMs) * 100, 1)}% of the index build` : '';
  out.push({ what: 'traditional → simplified fold, every title and summary', value: `${m.fold.ms} ms over ${(m.fold.chars / 1e6).toFixed(1)}M chars${share}`, target: '—', met: null });
  out.push({ what: '"did you mean" vocabulary (MiniSearch): build, memory', value: `${m.vocabulary.words.toLocaleString('en')} words, ${engine(m.vocabulary)}`, target: '—', met: null });
  out.push({
    what: '"did you mean" for the typo queries',
    value: Object.entries(m.vocabulary.suggestions).map(([q, list]) => `${q} → ${list[0] ?? '—'}`).join('; '),
    target: 'each mended',
    met: Object.values(m.vocabulary.suggestions).every((list) => list.length > 0),
  });
  return out;
}

function table(list: Row[]): string {
  const mark = (met: boolean | null) => (met === null ? '' : met ? '✓' : '✗');
  const lines = ['| what | measured | target | |', '| --- | --- | --- | --- |'];
  for (const r of list) lines.push(`| ${r.what} | ${r.value} | ${r.target} | ${mark(r.met)} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (flag(args, 'help')) {
    console.log('npm run bench -- [--size 1000|10000|100000] [--seed 1] [--corpus seed|words|both] [--only search,start,http,changes,digest,digest2,minisearch] [--digest-channels N] [--json]');
    return;
  }
  const size = Number(flag(args, 'size') ?? 10_000);
  if (!SIZES.includes(size)) throw new Error(`--size must be one of ${SIZES.join(', ')}, got ${String(flag(args, 'size'))}`);
  const seed = Number(flag(args, 'seed') ?? 1);
  const only = flag(args, 'only');
  const selected = typeof only === 'string' ? only.split(',').map((s) => s.trim()) : [...DEFAULT_BENCHES];
  const unknown = selected.filter((s) => !(BENCHES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`--only: unknown bench ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);
  const corpusFlag = String(flag(args, 'corpus') ?? 'seed');
  const kinds: CorpusKind[] = corpusFlag === 'both' ? [...CORPUS_KINDS] : [corpusFlag as CorpusKind];
  if (!kinds.every((k) => CORPUS_KINDS.includes(k))) throw new Error(`--corpus must be one of ${CORPUS_KINDS.join(', ')} or both, got ${corpusFlag}`);
  const json = flag(args, 'json') === true;
  // Channels for the digest benches: by default 300 for one instance, 1,000 for two.
  const digestChannels = flag(args, 'digest-channels') === undefined ? [] : ['--channels', String(numberFlag(args, 'digest-channels', 0))];
  const say = (line: string) => console.error(line);

  const started = performance.now();
  const runs = [];
  for (const kind of kinds) {
    const corpus = ensureCorpus(size, seed, kind);
    say(`corpus: ${corpus.articles} articles (${kind} text) in ${corpus.folder}`);
    const corpusArgs = ['--corpus', corpus.folder];
    const results: Results = {};
    const want = (bench: Bench) => selected.includes(bench);
    if (want('search')) results.search = await runChild<SearchBenchResult>('search-bench.ts', corpusArgs);
    if (want('start')) results.start = await runChild<StartBenchResult>('start-bench.ts', corpusArgs);
    if (want('http')) results.http = await runChild<HttpBenchResult>('http-bench.ts', corpusArgs);
    // Long enough for the page changes to set off at least one merge (~1 s at 10,000 articles, ~7 s at 100,000).
    if (want('changes')) results.changes = await runChild<ChangeBenchResult>('change-bench.ts', [...corpusArgs, '--duration-ms', size >= 100_000 ? '26000' : '16000']);
    if (want('digest')) results.digest = await runChild<DigestBenchResult>('digest-bench.ts', digestChannels);
    // 1,000 channels by default (issue 12's size): about 7 minutes at Slack's 300 posts a minute.
    if (want('digest2')) results.digest2 = await runChild<TwoInstanceDigestBenchResult>('digest-bench.ts', ['--instances', '2', ...digestChannels]);
    if (want('minisearch')) results.minisearch = await runChild<MiniSearchBenchResult>('minisearch-bench.ts', corpusArgs, ['--expose-gc']);
    const list = rows(corpus, results);
    runs.push({ kind, corpus, results, rows: list, missed: list.filter((r) => r.met === false).map((r) => r.what) });
  }

  const summary = {
    size,
    seed,
    machine: machine(),
    date: new Date().toISOString(),
    seconds: round((performance.now() - started) / 1000, 1),
    // One corpus: its figures at the top level, as before; several: one entry per corpus.
    ...(runs.length === 1 ? runs[0]! : { runs }),
  };
  if (json) {
    console.log(JSON.stringify(summary));
  } else {
    for (const run of runs) {
      console.log(`\nhealthnews benchmarks — ${size.toLocaleString('en')} articles, ${run.kind} text (seed ${seed}); ${summary.machine}\n`);
      console.log(table(run.rows));
      console.log(`\n${run.missed.length === 0 ? 'every target met' : `targets missed: ${run.missed.length}`}`);
    }
    console.log(`\n${summary.seconds} s in all`);
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
