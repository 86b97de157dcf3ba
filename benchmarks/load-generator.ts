// The "Slack side" of the HTTP benchmark, run as a child process so it never steals the event loop
// of the app under test: sends signed slash commands over keep-alive connections at a fixed
// concurrency for a fixed time, records each ack's latency, and serves the response_url the app
// posts its delayed answers to. Loopback only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackSignature, slashCommand } from '../test/helpers/slack-requests.ts';
import { busyNotice } from '../src/slack/blocks/notices.ts';
import { percentiles, round, type Percentiles } from './measure.ts';

export interface LoadOptions {
  /** Base URL of the app, e.g. http://127.0.0.1:40123 (requests go to /slack/events). */
  target: string;
  signingSecret: string;
  /** Command texts, sent round-robin. */
  queries: string[];
  concurrency: number;
  durationMs: number;
  /** Unrecorded requests before timing starts, so JIT and connection set-up are not measured. */
  warmupMs: number;
  /** After the timed window, wait up to this long for the delayed answers still on their way (0: the app sends none). */
  drainMs: number;
}

export interface LoadResult {
  requests: number;
  /** Non-200 answers and transport errors, by status or error code. */
  failures: Record<string, number>;
  ackMs: Percentiles;
  /** Acknowledged requests per second over the timed window. */
  throughput: number;
  /** Delayed answers (response_url posts) that arrived for timed requests, and how many were due. */
  answersReceived: number;
  answersExpected: number;
  /** Of the answers received, those that said the bot was busy (load shed) instead of answering. */
  busyAnswers: number;
  /** Acks that carried the busy notice themselves (load shed at the door); no answer is due for them. */
  busyAcks: number;
  /** How long after the load stopped the last answer arrived: the backlog of answers still waiting then. */
  lastAnswerAfterLoadMs: number;
}

/** Runs the load and resolves with what it measured. */
export async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  let answers = 0;
  let busyAnswers = 0;
  let lastAnswerAt = 0;
  let counting = false;
  const busyText = busyNotice().text;
  const sink = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // The answer's path says whether its request was timed (warm-up answers are not counted).
      if (counting && req.url?.startsWith('/respond/timed/')) {
        answers++;
        lastAnswerAt = performance.now();
        if (Buffer.concat(chunks).toString('utf8').includes(busyText)) busyAnswers++;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

  // Signed once up front: a request signature stays valid for five minutes, longer than any run,
  // and signing in the loop would make the generator's CPU part of what is measured.
  const timestamp = Math.floor(Date.now() / 1000);
  const prepare = (phase: 'warm' | 'timed') =>
    options.queries.map((text, i) => {
      const { rawBody, contentType } = slashCommand(text, { response_url: `${sinkUrl}/respond/${phase}/${i}` });
      return {
        body: rawBody,
        headers: {
          'content-type': contentType,
          'content-length': String(Buffer.byteLength(rawBody)),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': slackSignature(options.signingSecret, timestamp, rawBody),
        },
      };
    });
  const warmRequests = prepare('warm');
  const timedRequests = prepare('timed');

  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const url = new URL('/slack/events', options.target);
  // An ack may itself carry the busy notice (load shed at the door): then no answer follows.
  let busyAcks = 0;
  const send = (request: { body: string; headers: Record<string, string> }, record: boolean) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: request.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (record && res.statusCode === 200 && chunks.length > 0 && Buffer.concat(chunks).toString('utf8').includes(busyText)) busyAcks++;
          resolve(res.statusCode ?? 0);
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('ETIMEDOUT')));
      req.on('error', reject);
      req.end(request.body);
    });

  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  const worker = async (until: number, requests: typeof timedRequests, record: boolean) => {
    while (performance.now() < until) {
      const request = requests[next++ % requests.length]!;
      const started = performance.now();
      try {
        const status = await send(request, record);
        if (!record) continue;
        if (status === 200) latencies.push(performance.now() - started);
        else failures[`HTTP ${status}`] = (failures[`HTTP ${status}`] ?? 0) + 1;
      } catch (error) {
        if (!record) continue;
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        failures[code] = (failures[code] ?? 0) + 1;
      }
    }
  };
  const run = (ms: number, requests: typeof timedRequests, record: boolean) => {
    const until = performance.now() + ms;
    return Promise.all(Array.from({ length: options.concurrency }, () => worker(until, requests, record)));
  };

  await run(options.warmupMs, warmRequests, false);
  counting = true;
  const started = performance.now();
  await run(options.durationMs, timedRequests, true);
  const stoppedAt = performance.now();
  const elapsed = stoppedAt - started;

  const drainUntil = performance.now() + options.drainMs;
  while (answers < latencies.length - busyAcks && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  agent.destroy();
  const closed = new Promise<void>((resolve) => sink.close(() => resolve()));
  sink.closeAllConnections();
  await closed;

  return {
    requests: latencies.length + Object.values(failures).reduce((a, b) => a + b, 0),
    failures,
    ackMs: percentiles(latencies),
    throughput: round(latencies.length / (elapsed / 1000), 1),
    answersReceived: answers,
    answersExpected: options.drainMs > 0 ? latencies.length - busyAcks : 0,
    busyAnswers,
    busyAcks,
    lastAnswerAfterLoadMs: options.drainMs > 0 ? round(Math.max(0, lastAnswerAt - stoppedAt), 0) : 0,
  };
}

// As a child of http-bench.ts: options as JSON in argv[2]; the result as one JSON line on stdout.
if (import.meta.url === `file://${process.argv[1]}`) {
  const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
  const result = await generateLoad(options);
  console.log(JSON.stringify(result));
}
