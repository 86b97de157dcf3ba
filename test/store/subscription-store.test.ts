import { describe, expect, it } from 'vitest';
import { openStateDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';

const f = (province: string) => ({ province, city: null, county: null, label: province });

function store() {
  return new SubscriptionStore(openStateDatabase(':memory:'));
}

describe('SubscriptionStore', () => {
  it('reports created, unchanged (same regions in any order) and updated', () => {
    const s = store();
    expect(s.upsert('C1', [f('四川'), f('广东')], 'command', 'U1')).toBe('created');
    expect(s.upsert('C1', [f('广东'), f('四川')], 'command', 'U2')).toBe('unchanged');
    expect(s.upsert('C1', [f('广东')], 'command', 'U2')).toBe('updated');
    expect(s.get('C1')!.regions.map((r) => r.label)).toEqual(['广东']);
  });

  it('starts a new baseline when the regions change, so new regions do not bring the whole archive', () => {
    const s = store();
    s.upsert('C1', [f('四川')], 'command');
    const db = (s as unknown as { db: import('better-sqlite3').Database }).db;
    db.prepare('UPDATE subscriptions SET baseline_pending = 0').run();
    s.upsert('C1', [f('四川')], 'command');
    expect(s.get('C1')!.baselinePending).toBe(false);
    s.upsert('C1', [f('四川'), f('广东')], 'command');
    expect(s.get('C1')!.baselinePending).toBe(true);
  });

  it('syncs DIGEST_CHANNELS: adds, updates and removes env channels, leaves command ones alone', () => {
    const s = store();
    s.upsert('CCMD', [f('四川')], 'command', 'U1');
    expect(s.syncSeeded([{ channel: 'C1', regions: [f('广东')] }, { channel: 'C2', regions: [] }, { channel: 'CCMD', regions: [] }])).toEqual({
      added: ['C1', 'C2'],
      updated: [],
      removed: [],
    });
    expect(s.get('CCMD')!.regions.map((r) => r.label)).toEqual(['四川']);
    expect(s.syncSeeded([{ channel: 'C1', regions: [f('四川')] }])).toEqual({ added: [], updated: ['C1'], removed: ['C2'] });
    expect(s.list().map((x) => x.channel)).toEqual(['C1', 'CCMD']);
  });

  it('removes a subscription and says whether there was one', () => {
    const s = store();
    s.upsert('C1', [], 'command');
    expect(s.remove('C1')).toBe(true);
    expect(s.remove('C1')).toBe(false);
    expect(s.list()).toEqual([]);
  });
});
