import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsSearch } from '../../src/search/search-types.ts';
import { answerQuery, PAGE_SIZE } from '../../src/slack/answer-query.ts';
import { helpMessage } from '../../src/slack/blocks/help.ts';
import { decodeResultsValue } from '../../src/slack/blocks/results-value.ts';
import { seedIndex } from '../helpers/seed-index.ts';

let index: NewsSearch;
beforeAll(async () => {
  index = await seedIndex();
});

const cards = (message: { blocks: Array<{ type: string }> }) => message.blocks.filter((b) => b.type === 'divider').length;
const buttonValues = (message: { blocks: any[] }) => message.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => decodeResultsValue(e.value)));

describe('answerQuery', () => {
  it('answers with one page of cards', () => {
    const total = index.search('健康', { limit: 1 }).total;
    expect(total).toBeGreaterThan(PAGE_SIZE);
    expect(cards(answerQuery(index, { text: '健康', mode: 'private' }))).toBe(PAGE_SIZE);
  });

  it('shows usage for an empty question, in the mention form in a thread', () => {
    expect(answerQuery(index, { text: ' \u200b ', mode: 'private' })).toEqual(helpMessage({ mention: false }));
    expect(answerQuery(index, { text: '', mode: 'thread' })).toEqual(helpMessage({ mention: true }));
  });

  it('shows the last page for a stale offset past the end (the corpus shrank), not an empty one', () => {
    const total = index.search('健康', { limit: 1 }).total;
    const lastPage = Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE;
    const message = answerQuery(index, { text: '健康', offset: 10_000, mode: 'private' });
    expect(cards(message)).toBe(total - lastPage);
    expect(buttonValues(message)).toContainEqual({ query: '健康', offset: lastPage });
  });

  it('searches the normalized query and says when it was shortened', () => {
    const message = answerQuery(index, { text: `四川 ${'健'.repeat(5000)}`, mode: 'private' });
    expect(JSON.stringify(message.blocks)).toContain('你输入的内容太长');
    for (const position of buttonValues(message)) expect(position!.query.length).toBeLessThanOrEqual(600);
  });
});
