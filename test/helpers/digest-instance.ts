// One bot instance's digest, as a process of its own, for the tests and the benchmark of several
// instances on one PostgreSQL database: the state from DATABASE_URL (openStateStore), the digest
// service as main.ts builds it, a poster on the Web API at SLACK_API_URL pacing through the shared
// post pace, and one scheduled slot run. A real process, so a test can SIGKILL it mid-run.
//
//   node --import tsx test/helpers/digest-instance.ts   (settings from the environment:)
//   DATABASE_URL       postgres://… (subscriptions already in it)
//   SLACK_API_URL      the Web API stand-in's apiUrl
//   DIGEST_SLOT        the cron fire time (ISO) of the slot to run, as `cronSlot(time, 'scheduled')`
//   DIGEST_ARTICLES    a JSON file of the articles (Article[], newest first)
//   DIGEST_LEASE_MS    lease length (default the bot's)
//   DIGEST_POST_RATE   JSON of the poster's rate policy (default Slack's published limits)
//   DIGEST_CONCURRENCY channels served at once (default the bot's)
//   DIGEST_WAIT_FOR_GO when set, waits for a line `go` on stdin before the run (so two start together)
//   DIGEST_RUN         `slot` (default): runs the slot as its cron fire would; `catch-up`: starts as
//                      the bot does after a restart, with the slot's time of day as the schedule
//                      (UTC), and lets the scheduler's catch-up find the slot unfinished and run it
//
// It prints one JSON line per event on stdout: {"event":"ready"} once the service is built,
// {"event":"posted","channel","part"} after every post Slack accepted, then {"event":"done",
// "report"} (the run's report; with `catch-up`, null, and {"event":"caught-up","slotId"} before it,
// the slot caught up or null). Log lines go to stderr. Exits 0 after `done`, 1 on an error.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { cronSlot, type RunReport } from '../../src/digest/digest-run.ts';
import { createDigestService } from '../../src/digest/digest-service.ts';
import type { DigestDelivery } from '../../src/digest/digest-ports.ts';
import { createLogger } from '../../src/log.ts';
import type { Article } from '../../src/pages/article.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import type { SlackMessage } from '../../src/slack/blocks/message.ts';
import { createStatePacedPoster } from '../../src/slack/post-digest.ts';
import { openStateStore } from '../../src/store/open-state-store.ts';

/** One line the instance prints on stdout. */
export type InstanceEvent =
  | { event: 'ready' }
  | { event: 'posted'; channel: string; part: number }
  | { event: 'caught-up'; slotId: string | null }
  | { event: 'done'; report: RunReport | null };

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`digest-instance: ${name} is not set`);
  return value;
}

const say = (event: InstanceEvent) => process.stdout.write(`${JSON.stringify(event)}\n`);

async function main(): Promise<void> {
  const logger = createLogger('warn');
  const store = await openStateStore({ databaseUrl: setting('DATABASE_URL'), dataDir: '' });
  const articles = JSON.parse(readFileSync(setting('DIGEST_ARTICLES'), 'utf8')) as Article[];
  const slack = { botToken: 'xoxb-0000-0000-instancetesttoken', appToken: null, signingSecret: null, port: 0, host: null, apiUrl: setting('SLACK_API_URL') };
  const rate = process.env.DIGEST_POST_RATE ? JSON.parse(process.env.DIGEST_POST_RATE) : undefined;
  const poster = createStatePacedPoster(slack, store.postPace, logger, rate ? { rate } : {});
  // The poster as the run sees it, telling the parent about every accepted post: the stand-in
  // cannot tell the instances apart, the instances can.
  const reporting: DigestDelivery<SlackMessage> = {
    postPart: async (part) => {
      const ts = await poster.postPart(part);
      say({ event: 'posted', channel: part.channel, part: part.part });
      return ts;
    },
    findPosted: (channel, slotId, since) => poster.findPosted(channel, slotId, since),
  };
  const slotTime = new Date(setting('DIGEST_SLOT'));
  const catchUp = process.env.DIGEST_RUN === 'catch-up';
  if (!catchUp && (process.env.DIGEST_RUN ?? 'slot') !== 'slot') throw new Error(`digest-instance: DIGEST_RUN must be slot or catch-up, got ${process.env.DIGEST_RUN}`);
  const leaseMs = process.env.DIGEST_LEASE_MS ? Number(process.env.DIGEST_LEASE_MS) : undefined;
  const concurrency = process.env.DIGEST_CONCURRENCY ? Number(process.env.DIGEST_CONCURRENCY) : undefined;
  const service = await createDigestService({
    // Daily at the slot's time of day, so the slot is the latest one the catch-up looks at.
    config: { digest: { cron: `${slotTime.getUTCMinutes()} ${slotTime.getUTCHours()} * * *`, timezone: 'UTC', graceHours: 12, channels: [] } },
    store,
    articles: () => articles,
    render: digestMessages,
    poster: reporting,
    logger,
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  });
  say({ event: 'ready' });
  if (process.env.DIGEST_WAIT_FOR_GO) {
    const lines = createInterface({ input: process.stdin });
    await new Promise<void>((resolve) => lines.on('line', (line) => line.trim() === 'go' && resolve()));
    lines.close();
  }
  if (catchUp) {
    // Not scheduler.start(): its cron job could fire a slot of its own while the test runs.
    const slot = await service.scheduler.catchUp();
    say({ event: 'caught-up', slotId: slot?.id ?? null });
    say({ event: 'done', report: null });
  } else {
    say({ event: 'done', report: await service.runSlot(cronSlot(slotTime, 'scheduled')) });
  }
  await store.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`digest-instance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
