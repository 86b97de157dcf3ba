import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDatabase } from '../../src/store/database.ts';
import { DeliveryStore } from '../../src/store/delivery-store.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-deliveries-'));
  dirs.push(dir);
  return dir;
}

const plan = { messages: [{ text: 't', blocks: [] }], articleIds: ['a1', 'a2'], baselineIds: ['old1'] };

describe('DeliveryStore.claim', () => {
  it('lets exactly one of two connections (two instances) claim a (slot, channel)', () => {
    const dataDir = tempDir();
    const one = new DeliveryStore(openStateDatabase(dataDir));
    const two = new DeliveryStore(openStateDatabase(dataDir));
    expect(one.claim('cron:x', 'C1', 'instance-1', 60_000).claimed).toBe(true);
    const second = two.claim('cron:x', 'C1', 'instance-2', 60_000);
    expect(second).toMatchObject({ claimed: false, reason: 'leased' });
  });

  it('hands a delivery over when the holder crashed and its lease ran out', () => {
    let now = new Date('2024-05-01T01:00:00Z');
    const store = new DeliveryStore(openStateDatabase(':memory:'), () => now);
    store.claim('cron:x', 'C1', 'crashed', 60_000);
    expect(store.claim('cron:x', 'C1', 'next', 60_000).claimed).toBe(false);
    now = new Date(now.getTime() + 61_000);
    expect(store.claim('cron:x', 'C1', 'next', 60_000).claimed).toBe(true);
  });

  it('never claims a delivery again once it was sent', () => {
    const db = openStateDatabase(':memory:');
    new SubscriptionStore(db).upsert('C1', [], 'command');
    const store = new DeliveryStore(db);
    store.claim('cron:x', 'C1', 'me', 60_000);
    store.startPosting('cron:x', 'C1', plan);
    store.completeSent('cron:x', 'C1', plan, '1.1');
    expect(store.claim('cron:x', 'C1', 'me', 60_000)).toMatchObject({ claimed: false, reason: 'done' });
  });
});

describe('DeliveryStore records', () => {
  it('records sent and skipped articles with the delivery, and clears the channel error and baseline', () => {
    const db = openStateDatabase(':memory:');
    const subs = new SubscriptionStore(db);
    subs.upsert('C1', [], 'command');
    const store = new DeliveryStore(db);
    store.claim('cron:a', 'C1', 'me', 60_000);
    store.startPosting('cron:a', 'C1', plan);
    store.recordFailure('cron:a', 'C1', 'chat.postMessage in C1: not_in_channel — invite it', true);
    expect(subs.get('C1')!.lastError).toMatch(/not_in_channel/);
    store.claim('cron:b', 'C1', 'me', 60_000);
    store.startPosting('cron:b', 'C1', plan);
    store.completeSent('cron:b', 'C1', plan, '1.1');
    expect([...store.handledArticles('C1')].sort()).toEqual(['a1', 'a2', 'old1']);
    expect(subs.get('C1')).toMatchObject({ lastError: null, baselinePending: false });
    expect(store.getDelivery('cron:b', 'C1')).toMatchObject({ status: 'sent', messageTs: '1.1', partsPosted: 1 });
  });

  it('lists attempts that may be in Slack unrecorded, and not those another live run holds', () => {
    let now = new Date('2024-05-01T01:00:00Z');
    const store = new DeliveryStore(openStateDatabase(':memory:'), () => now);
    store.claim('cron:a', 'C1', 'other', 60_000);
    store.startPosting('cron:a', 'C1', plan);
    expect(store.unresolved('C1', 'me')).toMatchObject({ resolvable: [], leasedElsewhere: [{ slotId: 'cron:a' }] });
    now = new Date(now.getTime() + 120_000);
    expect(store.unresolved('C1', 'me')).toMatchObject({ resolvable: [{ slotId: 'cron:a', status: 'posting' }], leasedElsewhere: [] });
  });
});
