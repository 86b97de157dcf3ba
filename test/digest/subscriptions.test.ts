import { describe, expect, it } from 'vitest';
import { ConfigError, parseDigestChannels } from '../../src/config.ts';
import { describeRegions, parseRegionNames, RegionNameError, resolveSeededSubscriptions } from '../../src/digest/subscriptions.ts';

describe('parseRegionNames', () => {
  it('understands names in any form and separator, without duplicates', () => {
    expect(parseRegionNames('四川省 sichuan，广东、成都').map((f) => f.label)).toEqual(['四川', '广东']);
    expect(parseRegionNames('成都 珠海').map((f) => f.label)).toEqual(['四川 · 成都', '广东 · 珠海']);
  });

  it('drops a city already inside a province named with it', () => {
    expect(parseRegionNames('广东 深圳').map((f) => f.label)).toEqual(['广东']);
  });

  it('gives every region for no names', () => {
    expect(parseRegionNames('  ')).toEqual([]);
    expect(describeRegions(parseRegionNames(''))).toBe('全部地区');
  });

  it('names every unknown word and says what would work', () => {
    let error: unknown;
    try {
      parseRegionNames('四川 四州 火星');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegionNameError);
    expect((error as RegionNameError).unknown).toEqual(['四州', '火星']);
    expect((error as Error).message).toMatch(/"四州"、"火星" are not regions I know\. Use province or city names such as 四川/);
  });

  it('rejects a word that only partly is a region', () => {
    expect(() => parseRegionNames('四川x')).toThrow(RegionNameError);
  });
});

describe('resolveSeededSubscriptions', () => {
  it('turns DIGEST_CHANNELS entries into filters', () => {
    const seeds = resolveSeededSubscriptions(parseDigestChannels('C0123=四川+广东,C0456'));
    expect(seeds.map((s) => [s.channel, describeRegions(s.regions)])).toEqual([
      ['C0123', '四川、广东'],
      ['C0456', '全部地区'],
    ]);
  });

  it('stops start-up with one line naming the bad entry and the variable', () => {
    expect(() => resolveSeededSubscriptions(parseDigestChannels('C0123=四川,C0456=的+广东'))).toThrow(ConfigError);
    expect(() => resolveSeededSubscriptions(parseDigestChannels('C0123=四川,C0456=的+广东'))).toThrow(
      /^DIGEST_CHANNELS: entry "C0456=的\+广东": "的" neither a region name nor a topic .*; write regions, topics and at most one cadence joined by \+/,
    );
    expect(() => resolveSeededSubscriptions(parseDigestChannels('C0123=四川+weekly+每天'))).toThrow(
      /^DIGEST_CHANNELS: entry "C0123=四川\+weekly\+每天": more than one cadence \(weekly, daily\)/,
    );
  });

  it('reads topics and a cadence from an entry, English or Chinese', () => {
    const [first, second, third] = resolveSeededSubscriptions(parseDigestChannels('C0123=四川+電子病歷+weekly,C0456=互联网医院+工作日,C0789'));
    expect([first!.regions.map((r) => r.label), first!.topics, first!.cadence]).toEqual([['四川'], ['电子病历'], 'weekly']);
    expect([second!.regions, second!.topics, second!.cadence]).toEqual([[], ['互联网医院'], 'workdays']);
    expect([third!.regions, third!.topics, third!.cadence]).toEqual([[], [], 'daily']);
  });
});
