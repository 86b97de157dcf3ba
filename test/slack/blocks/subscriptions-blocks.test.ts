import { describe, expect, it } from 'vitest';
import { homeView } from '../../../src/slack/blocks/home-view.ts';
import type { SubscriptionSummary } from '../../../src/digest/subscription-service.ts';
import { inviteBotMessage, subscribedMessage, subscriptionsListMessage } from '../../../src/slack/blocks/subscriptions-blocks.ts';
import { article, region } from '../../digest/articles.ts';

const failing: SubscriptionSummary = {
  channel: 'C0AAA',
  regions: '四川、广东',
  topics: null,
  cadence: 'daily',
  cadenceLabel: '每天',
  when: '每天一份摘要',
  fromSettings: false,
  lastSentAt: null,
  lastError: 'chat.postMessage in C0AAA: not_in_channel — the bot is not in this channel; invite it with /invite @healthnews',
  lastErrorAt: '2024-05-01T01:00:05.000Z',
};
const fine: SubscriptionSummary = {
  channel: 'C0BBB',
  regions: '全部地区',
  topics: '电子病历、互联网医院',
  cadence: 'weekly',
  cadenceLabel: '每周',
  when: '每周一份，在每周第一个工作日发',
  fromSettings: true, lastSentAt: '2024-05-01T01:00:03.000Z', lastError: null, lastErrorAt: null };

describe('subscription messages', () => {
  it('lists this channel first, then every channel, showing the last error and its fix', () => {
    const message = subscriptionsListMessage({ channel: 'C0BBB', here: fine, all: [failing, fine], schedule: '每天 09:00（Asia/Shanghai）' });
    const text = JSON.stringify(message.blocks);
    expect(text.indexOf('*这个频道* <#C0BBB>')).toBeLessThan(text.indexOf('*所有频道*'));
    expect(text).toContain('not_in_channel — the bot is not in this channel; invite it with /invite @healthnews');
    expect(message.text).toContain('1 个上次投递出错');
  });

  it('confirms a subscription with its regions, topics, cadence and schedule', () => {
    const message = subscribedMessage({ channel: 'C0AAA', summary: failing, outcome: 'created', schedule: '每天 09:00（Asia/Shanghai）' });
    expect(message.text).toBe('已订阅：<#C0AAA> 将收到 四川、广东 · 每天 的摘要（每天 09:00（Asia/Shanghai））。');
    const weekly = subscribedMessage({ channel: 'C0BBB', summary: fine, outcome: 'updated', schedule: '每天 09:00（Asia/Shanghai）' });
    expect(weekly.text).toBe('已更新订阅：<#C0BBB> 将收到 全部地区 · 话题 电子病历、互联网医院 · 每周 的摘要（每周一份，在每周第一个工作日发，09:00（Asia/Shanghai））。');
  });

  it('lists topics and cadence on each subscription line', () => {
    const message = subscriptionsListMessage({ channel: 'C0BBB', here: fine, all: [failing, fine], schedule: '每天 09:00（Asia/Shanghai）' });
    expect(JSON.stringify(message.blocks)).toContain('<#C0BBB> — 全部地区 · 话题 电子病历、互联网医院 · 每周');
  });

  it('explains how to invite the bot into a private channel', () => {
    expect(inviteBotMessage({ channel: 'G0PRIV' }).text).toContain('/invite @healthnews');
  });
});

describe('homeView', () => {
  it('shows every subscription and the latest news within App Home limits', () => {
    const latest = Array.from({ length: 30 }, (_, i) => article(`新闻${i}`, '2014-11-06', region('四川')));
    const subs = Array.from({ length: 60 }, (_, i) => ({ ...fine, channel: `C${String(i).padStart(4, '0')}` }));
    const view = homeView({ subscriptions: subs, latest, schedule: '每天 09:00（Asia/Shanghai）', builtAt: new Date('2024-05-01T00:00:00Z') });
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('60 个频道');
    expect(text).toContain('新闻0');
    expect(text).toContain('新闻19');
    expect(text).not.toContain('新闻20');
  });
});
