// The subscriptions service the slash commands and the App Home call: each method one user action,
// on a real (in-memory) state database.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { describeSchedule, SubscriptionService } from '../../src/digest/subscription-service.ts';
import { SubscriptionWordsError } from '../../src/digest/subscriptions.ts';
import { openStateDatabase } from '../../src/store/database.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';

function fresh() {
  const store = createSqliteStateStore(openStateDatabase(':memory:')).subscriptions;
  return { store, service: new SubscriptionService(store) };
}

describe('describeSchedule', () => {
  it('says a daily cron in words, anything else as the expression', () => {
    expect(describeSchedule('0 9 * * *', 'Asia/Shanghai')).toBe('每天 09:00（Asia/Shanghai）');
    expect(describeSchedule('30 7 * * *', 'UTC')).toBe('每天 07:30（UTC）');
    expect(describeSchedule('0 9 * * 1-5', 'UTC')).toBe('按 cron "0 9 * * 1-5"（UTC）');
  });
});

describe('SubscriptionService', () => {
  it('subscribes, then reports the same regions as unchanged and new ones as updated', async () => {
    const { service } = fresh();
    const created = await service.subscribe('C0123', '四川 广东', 'U1');
    expect(created).toMatchObject({ outcome: 'created', summary: { channel: 'C0123', regions: '四川、广东', fromSettings: false, lastError: null } });
    expect((await service.subscribe('C0123', '广东省 sichuan', 'U1')).outcome).toBe('unchanged');
    expect(await service.subscribe('C0123', '', 'U2')).toMatchObject({ outcome: 'updated', summary: { regions: '全部地区' } });
  });

  it('a word that is neither region, topic nor cadence changes nothing', async () => {
    const { service, store } = fresh();
    await expect(service.subscribe('C0123', '四川 的', 'U1')).rejects.toThrow(SubscriptionWordsError);
    expect(await store.list()).toEqual([]);
  });

  it('keeps topics and cadence; a subscribe naming no cadence keeps the channel\'s', async () => {
    const { service } = fresh();
    expect((await service.subscribe('C0123', '电子病历 工作日', 'U1')).summary).toMatchObject({ regions: '全部地区', topics: '电子病历', cadence: 'workdays', cadenceLabel: '工作日' });
    expect((await service.subscribe('C0123', '四川', 'U1')).summary).toMatchObject({ regions: '四川', topics: null, cadence: 'workdays' });
  });

  it('lists this channel first and every channel; listAll is the list without a channel', async () => {
    const { service } = fresh();
    await service.subscribe('C0BBB', '四川', 'U1');
    await service.subscribe('C0AAA', '', 'U1');
    const { here, all } = await service.list('C0BBB');
    expect(here).toMatchObject({ channel: 'C0BBB', regions: '四川' });
    expect(all.map((s) => s.channel).sort()).toEqual(['C0AAA', 'C0BBB']);
    expect((await service.list('C0NONE')).here).toBeNull();
    expect(await service.listAll()).toEqual(all);
  });

  it('unsubscribes once', async () => {
    const { service } = fresh();
    await service.subscribe('C0123', '四川', 'U1');
    expect(await service.unsubscribe('C0123')).toBe(true);
    expect(await service.unsubscribe('C0123')).toBe(false);
    expect(await service.listAll()).toEqual([]);
  });

  it('seeds DIGEST_CHANNELS, marking them as from settings, and refuses a bad entry before writing anything', async () => {
    const { service } = fresh();
    expect(await service.seed([{ channel: 'C0ENV', words: ['四川'] }])).toEqual({ added: ['C0ENV'], updated: [], removed: [] });
    expect(await service.listAll()).toEqual([expect.objectContaining({ channel: 'C0ENV', fromSettings: true, regions: '四川' })]);
    await expect(service.seed([{ channel: 'C0ENV', words: ['的'] }])).rejects.toThrow(ConfigError);
    expect((await service.listAll())[0]!.regions).toBe('四川');
  });
});
