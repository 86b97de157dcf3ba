import { describe, expect, it } from 'vitest';
import { readSettingsForm } from '../../src/digest/settings-form.ts';

const sichuan = { province: '四川', city: null, county: null };
const chengdu = { province: '四川', city: '成都', county: null };

describe('readSettingsForm', () => {
  it('reads regions, topics (normalised) and the cadence; a city inside a picked province is dropped', () => {
    const result = readSettingsForm({ regions: [sichuan, chengdu, sichuan], topicsText: '電子病歷，互联网医院 电子病历', cadence: 'workdays' });
    expect(result).toEqual({
      ok: true,
      settings: { regions: [{ ...sichuan, label: '四川' }], topics: ['电子病历', '互联网医院'], cadence: 'workdays' },
    });
  });

  it('reports every field\'s problem at once and saves nothing', () => {
    const result = readSettingsForm({ regions: [null], topicsText: '的 每周', cadence: 'monthly' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['cadence', 'regions', 'topics']);
    expect(result.errors.topics).toBe('“的” 不能作话题：话题至少两个字，不能是“新闻”“的”这类虚词；“每周” 是频率，请在下面的“频率”里选。');
    expect(result.errors.cadence).toContain('即时、每天、工作日或每周');
  });

  it('no regions and no topics is every article of every region', () => {
    expect(readSettingsForm({ regions: [], topicsText: '  ', cadence: 'instant' })).toEqual({ ok: true, settings: { regions: [], topics: [], cadence: 'instant' } });
  });
});
