// The subscription subcommands with a fake Web API client and a real in-memory subscription
// service; the same through signed requests is in test/slack/integration/subscriptions.test.ts.
import type { RespondFn, webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { inviteBotMessage, subscribeInChannelMessage, subscriptionWordsErrorMessage } from '../../src/slack/blocks/subscriptions-blocks.ts';
import type { CommandInput } from '../../src/slack/payload-fields.ts';
import type { SubcommandArgs } from '../../src/slack/subcommand-types.ts';
import { subscribeSubcommand, subscriptionsSubcommand, unsubscribeSubcommand } from '../../src/slack/subscription-subcommands.ts';
import { fakeBolt, webApiError, type FakeBoltOptions } from '../helpers/listener-args.ts';
import { testSlackDeps } from '../helpers/slack-harness.ts';

const IN_CHANNEL: CommandInput = { text: '', userId: 'U2147483697', channelId: 'C0HEALTH', channelName: 'health-it', triggerId: null };
const member = (isMember: boolean, isPrivate = false) => ({ 'conversations.info': (args: Record<string, any>) => ({ ok: true, channel: { id: args.channel, is_channel: true, is_private: isPrivate, is_member: isMember } }) });

function args(rest: string, options: FakeBoltOptions & { command?: CommandInput; deps?: SubcommandArgs['deps'] } = {}) {
  const fake = fakeBolt(options);
  const deps = options.deps ?? testSlackDeps();
  const call: SubcommandArgs = {
    rest,
    command: options.command ?? IN_CHANNEL,
    respond: fake.respond as unknown as RespondFn,
    client: fake.common.client as unknown as webApi.WebClient,
    logger: fake.common.logger,
    deps,
  };
  return { call, fake, deps };
}

describe('subscribe', () => {
  it('subscribes the channel the command was typed in and confirms privately', async () => {
    const { call, fake, deps } = args('四川 广东', { api: member(true) });
    await subscribeSubcommand(call);
    expect((await deps.subscriptions.list('C0HEALTH')).here?.regions).toBe('四川、广东');
    expect(fake.responded).toHaveLength(1);
    expect(fake.responded[0]!.response_type).toBe('ephemeral');
    expect(fake.responded[0]!.text).toMatch(/^已订阅：<#C0HEALTH> 将收到 四川、广东 · 每天 的摘要/);
  });

  it('refuses, with how to invite the bot, where the bot is not a member; stores nothing', async () => {
    const { call, fake, deps } = args('四川', { api: member(false, true) });
    await subscribeSubcommand(call);
    expect(fake.responded).toEqual([{ response_type: 'ephemeral', ...inviteBotMessage({ channel: 'C0HEALTH', private: true }) }]);
    expect((await deps.subscriptions.list('C0HEALTH')).here).toBeNull();
  });

  it('asks for a channel when typed in a DM or with no channel', async () => {
    for (const command of [{ ...IN_CHANNEL, channelId: null }, { ...IN_CHANNEL, channelId: 'D0DM', channelName: 'directmessage' }]) {
      const { call, fake } = args('四川', { command });
      await subscribeSubcommand(call);
      expect(fake.responded).toEqual([{ response_type: 'ephemeral', ...subscribeInChannelMessage() }]);
      expect(fake.calls).toEqual([]);
    }
  });

  it('names the words that are neither regions nor topics; stores nothing', async () => {
    const { call, fake, deps } = args('四川 火星 的', { api: member(true) });
    await subscribeSubcommand(call);
    expect(fake.responded).toEqual([{ response_type: 'ephemeral', ...subscriptionWordsErrorMessage(['的'], []) }]);
    expect((await deps.subscriptions.list('C0HEALTH')).here).toBeNull();
  });

  it('subscribes anyway, with a WARN, when Slack cannot say whether the bot is in the channel', async () => {
    const { call, fake, deps } = args('四川', { api: { 'conversations.info': () => { throw webApiError('missing_scope'); } } });
    await subscribeSubcommand(call);
    expect((await deps.subscriptions.list('C0HEALTH')).here?.regions).toBe('四川');
    expect(fake.logs.some((l) => l.startsWith('WARN conversations.info for C0HEALTH failed (missing_scope)'))).toBe(true);
  });
});

describe('unsubscribe and subscriptions', () => {
  it('unsubscribes the channel and lists what is left', async () => {
    const deps = testSlackDeps();
    deps.subscriptions.subscribe('C0HEALTH', '四川', 'U2147483697');
    deps.subscriptions.subscribe('C0OTHER', '广东', 'U2147483697');
    const off = args('', { deps });
    await unsubscribeSubcommand(off.call);
    expect(off.fake.responded[0]!.response_type).toBe('ephemeral');
    expect((await deps.subscriptions.list('C0HEALTH')).here).toBeNull();
    expect(off.fake.logs).toContain('INFO C0HEALTH unsubscribed from the digest by U2147483697');

    const listed = args('', { deps });
    await subscriptionsSubcommand(listed.call);
    expect(JSON.stringify(listed.fake.responded[0]!.blocks)).toContain('C0OTHER');
    expect(JSON.stringify(listed.fake.responded[0]!.blocks)).not.toContain('C0HEALTH> —');
  });
});
