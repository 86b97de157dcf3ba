// The digest put together as main.ts and `digest --post` put it together: DIGEST_CHANNELS seeded
// at build, a run now under a manual slot of its own, delivering through the ports it was given.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { createDigestService } from '../../src/digest/digest-service.ts';
import { createLogger } from '../../src/log.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import { DigestPoster } from '../../src/slack/post-digest.ts';
import { PostRateLimiter } from '../../src/slack/post-rate-limiter.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import { openStateDatabase, type StateDatabase } from '../../src/store/database.ts';
import { blockNetwork } from '../helpers/slack-harness.ts';
import { startWebApiStandIn, type StandIn } from '../helpers/web-api-stand-in.ts';
import { digestTestClient } from '../helpers/web-api-stand-in-tests.ts';
import { article, region } from './articles.ts';

let slack: StandIn;
let db: StateDatabase;
const lines: string[] = [];
beforeEach(async () => {
  blockNetwork();
  slack = await startWebApiStandIn();
  db = openStateDatabase(':memory:');
  lines.length = 0;
});
afterEach(async () => {
  db.close();
  await slack.close();
});

const articles = [article('四川:健康云平台上线', '2014-11-06', region('四川')), article('广东:网络医院上线', '2014-11-06', region('广东'))];

function build(channels: Array<{ channel: string; words: string[] }>) {
  return createDigestService({
    config: { digest: { cron: '0 9 * * *', timezone: 'Asia/Shanghai', graceHours: 12, channels } },
    store: createSqliteStateStore(db),
    articles: () => articles,
    render: digestMessages,
    // A limiter on a clock that never waits: pacing is tested with the limiter.
    poster: new DigestPoster(digestTestClient(slack), { rate: new PostRateLimiter({}, { now: () => 0, sleep: async () => undefined }) }),
    logger: createLogger('info', (line) => lines.push(line)),
  });
}

describe('createDigestService', () => {
  it('seeds DIGEST_CHANNELS and says so', async () => {
    const digest = await build([{ channel: 'C0SC', words: ['四川'] }]);
    expect(await digest.subscriptions.listAll()).toEqual([expect.objectContaining({ channel: 'C0SC', regions: '四川', fromSettings: true })]);
    expect(lines.some((l) => l.includes('DIGEST_CHANNELS: added C0SC'))).toBe(true);
  });

  it('refuses a DIGEST_CHANNELS entry that names no region', async () => {
    await expect(build([{ channel: 'C0SC', words: ['的'] }])).rejects.toThrow(ConfigError);
  });

  it('runNow delivers through the given renderer and poster under a manual slot, which the scheduler does not count as its own', async () => {
    const digest = await build([{ channel: 'C0SC', words: ['四川'] }]);
    const report = await digest.runNow(new Date('2024-05-01T02:00:00Z'));
    expect(report.slotId).toBe('manual:2024-05-01T02:00:00.000Z');
    expect(report.channels).toEqual([expect.objectContaining({ channel: 'C0SC', outcome: 'sent', articles: 1 })]);
    expect(slack.topLevel('C0SC')).toHaveLength(1);
    expect(JSON.stringify(slack.topLevel('C0SC')[0]!.blocks)).toContain('四川:健康云平台上线');
    expect((await digest.deliveries.getRun(report.slotId))?.status).toBe('done');
    expect(await digest.deliveries.getRun('cron:2024-05-01T01:00:00.000Z')).toBeNull();
  });
});
