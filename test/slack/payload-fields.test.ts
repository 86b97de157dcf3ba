import { describe, expect, it } from 'vitest';
import { channelIdField, readCommand, stringField, userIdField } from '../../src/slack/payload-fields.ts';

describe('payload fields', () => {
  it('takes only non-empty strings, channel ids and user ids for what they claim to be', () => {
    expect(stringField('x')).toBe('x');
    expect([stringField(''), stringField(7), stringField(undefined)]).toEqual([null, null, null]);
    expect(channelIdField('C2147483705')).toBe('C2147483705');
    expect(channelIdField('<!channel>')).toBeNull();
    expect(userIdField('U2147483697')).toBe('U2147483697');
    expect(userIdField('W0ENTERPRISE')).toBe('W0ENTERPRISE');
    expect(userIdField('U1> <!here')).toBeNull();
  });

  it('reads a slash command with any field missing', () => {
    expect(readCommand({ text: 'subscribe 四川', channel_id: 'C0123', trigger_id: '1.2.abc' })).toEqual({ text: 'subscribe 四川', userId: null, channelId: 'C0123', channelName: null, triggerId: '1.2.abc' });
    expect(readCommand({})).toEqual({ text: '', userId: null, channelId: null, channelName: null, triggerId: null });
  });
});
