import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { channelAccess } from '../../src/slack/channel-access.ts';
import { fakeBolt, webApiError } from '../helpers/listener-args.ts';

function clientAnswering(info: (args: Record<string, any>) => unknown) {
  const fake = fakeBolt({ api: { 'conversations.info': info } });
  return { fake, client: fake.common.client as unknown as webApi.WebClient };
}

describe('channelAccess', () => {
  it('tells DMs apart from the payload alone, without asking Slack', async () => {
    const { fake, client } = clientAnswering(() => ({ ok: true }));
    expect(await channelAccess(client, { channelId: 'D0DM', channelName: null })).toEqual({ kind: 'not_a_channel' });
    expect(await channelAccess(client, { channelId: 'G0MPDM', channelName: 'mpdm-a--b-1' })).toEqual({ kind: 'not_a_channel' });
    expect(fake.calls).toEqual([]);
  });

  it('asks conversations.info whether the bot is a member', async () => {
    const answer = (channel: Record<string, unknown>) => clientAnswering(() => ({ ok: true, channel })).client;
    expect(await channelAccess(answer({ is_member: true }), { channelId: 'C0123', channelName: 'health-it' })).toEqual({ kind: 'member' });
    expect(await channelAccess(answer({ is_member: false, is_private: false }), { channelId: 'C0123', channelName: null })).toEqual({ kind: 'not_member', private: false });
    expect(await channelAccess(answer({ is_im: true }), { channelId: 'C0123', channelName: null })).toEqual({ kind: 'not_a_channel' });
    expect((await channelAccess(answer({}), { channelId: 'C0123', channelName: null })).kind).toBe('unknown');
  });

  it('reads channel_not_found as a private channel the bot is not in', async () => {
    const { client } = clientAnswering(() => { throw webApiError('channel_not_found'); });
    expect(await channelAccess(client, { channelId: 'G0PRIV', channelName: 'privategroup' })).toEqual({ kind: 'not_member', private: true });
  });

  it('goes ahead, with a WARN naming the scopes to add, when Slack cannot say', async () => {
    const { fake, client } = clientAnswering(() => { throw webApiError('missing_scope'); });
    expect(await channelAccess(client, { channelId: 'C0123', channelName: null }, fake.common.logger)).toEqual({ kind: 'unknown', reason: 'missing_scope' });
    expect(fake.logs[0]).toMatch(/^WARN conversations\.info for C0123 failed \(missing_scope\).*channels:read and groups:read/);
  });
});
