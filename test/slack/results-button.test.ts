import type { RespondFn } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { staleButtonNotice } from '../../src/slack/blocks/notices.ts';
import { encodeResultsValue } from '../../src/slack/blocks/results-value.ts';
import { readResultsButton } from '../../src/slack/results-button.ts';

/** A respond that records what it was given. */
const recordTo = (replies: unknown[]): RespondFn => (async (message: unknown) => void replies.push(message)) as unknown as RespondFn;

describe('readResultsButton', () => {
  it('reads the query and offset a button carries, saying nothing', async () => {
    const replies: unknown[] = [];
    const position = await readResultsButton(encodeResultsValue({ query: '健康', offset: 5 }), recordTo(replies));
    expect(position).toEqual({ query: '健康', offset: 5 });
    expect(replies).toEqual([]);
  });

  it('tells only the clicker, without replacing the message, when the value is stale or damaged', async () => {
    for (const value of [undefined, '', '{"q":1}', 'x'.repeat(3000)]) {
      const replies: unknown[] = [];
      expect(await readResultsButton(value, recordTo(replies))).toBeNull();
      expect(replies).toEqual([{ response_type: 'ephemeral', replace_original: false, ...staleButtonNotice() }]);
    }
  });
});
