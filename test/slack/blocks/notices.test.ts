import { describe, expect, it } from 'vitest';
import { busyNotice, failureNotice, loadingNotice, notInChannelNotice, staleButtonNotice } from '../../../src/slack/blocks/notices.ts';

describe('notices', () => {
  it('are one verbatim section each, its text the same as the notification text, and all different', () => {
    const notices = [loadingNotice(), busyNotice(), failureNotice(), staleButtonNotice(), notInChannelNotice()];
    for (const notice of notices) {
      expect(notice.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: notice.text, verbatim: true } }]);
    }
    expect(new Set(notices.map((n) => n.text)).size).toBe(notices.length);
  });

  it('tell the user what to do next', () => {
    expect(loadingNotice().text).toMatch(/过几秒再试/);
    expect(busyNotice().text).toMatch(/过几秒再试/);
    expect(notInChannelNotice().text).toContain('/invite @healthnews');
    expect(staleButtonNotice().text).toContain('/healthnews');
  });
});
