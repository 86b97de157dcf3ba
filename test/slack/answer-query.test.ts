import { describe, expect, it } from 'vitest';
import { waitForAnswerTurn } from '../../src/slack/answer-query.ts';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a search holding the event loop
  }
}

describe('waitForAnswerTurn', () => {
  it('lets the event loop run between two queued answers, so new requests are read and acked in between', async () => {
    const order: string[] = [];
    const first = waitForAnswerTurn().then(() => {
      order.push('answer 1');
      // Stands for a request arriving while answer 1 searches: it must not wait for answer 2.
      setTimeout(() => order.push('other work'), 0);
      busy(5);
    });
    const second = waitForAnswerTurn().then(() => order.push('answer 2'));
    await Promise.all([first, second]);
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['answer 1', 'other work', 'answer 2']);
  });

  it('serves answers in the order they were acknowledged', async () => {
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => waitForAnswerTurn().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });
});
