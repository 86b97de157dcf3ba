import { describe, expect, it } from 'vitest';
import { AnswerTurns, Answering, TURN_BUDGET_MS } from '../../src/slack/answer-turns.ts';
import type { SlackMessage } from '../../src/slack/blocks/message.ts';
import { busyNotice, loadingNotice } from '../../src/slack/blocks/notices.ts';
import type { NewsSearch } from '../../src/search/search-types.ts';

/** A clock that only moves when a fake search says it took time. */
function fakeClock() {
  let now = 0;
  return { now: () => now, spend: (ms: number) => void (now += ms) };
}

describe('AnswerTurns', () => {
  // Answer 1 fills the turn, in its search (synchronous) or in sending its reply (microtasks after
  // an await): either way a request arriving meanwhile must not wait for answer 2.
  it.each([
    ['in its search', false],
    ['in sending its reply (its microtasks), which the budget counts too', true],
  ])('lets the event loop run between two answers when the first fills the turn %s', async (_, afterAwait) => {
    const clock = fakeClock();
    const turns = new AnswerTurns({ now: clock.now });
    const order: string[] = [];
    const first = turns.take(async () => {
      order.push('answer 1');
      // Stands for a request arriving while answer 1 runs.
      setImmediate(() => order.push('other work'));
      if (afterAwait) await null;
      clock.spend(TURN_BUDGET_MS + 2);
    });
    const second = turns.take(async () => void order.push('answer 2'));
    await Promise.all([first, second]);
    expect(order).toEqual(['answer 1', 'other work', 'answer 2']);
  });

  it('takes several quick answers in one turn, within its time budget', async () => {
    const clock = fakeClock();
    const turns = new AnswerTurns({ now: clock.now });
    const order: string[] = [];
    const answer = (n: number) => async () => {
      if (n === 1) setImmediate(() => order.push('other work'));
      order.push(`answer ${n}`);
      clock.spend(TURN_BUDGET_MS / 4); // three of them fit in one turn's budget
    };
    await Promise.all([1, 2, 3].map((n) => turns.take(answer(n))));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['answer 1', 'answer 2', 'answer 3', 'other work']);
  });

  it('starts no more than maxPerTurn answers in one turn, however quick', async () => {
    const turns = new AnswerTurns({ now: () => 0, maxPerTurn: 2 });
    const order: string[] = [];
    const answers = [1, 2, 3].map((n) =>
      turns.take(async () => {
        if (n === 1) setImmediate(() => order.push('other work'));
        order.push(`answer ${n}`);
      }),
    );
    await Promise.all(answers);
    expect(order).toEqual(['answer 1', 'answer 2', 'other work', 'answer 3']);
  });

  it('serves answers in the order they were acknowledged', async () => {
    const turns = new AnswerTurns();
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => turns.take(async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('says busy at once, without queueing, when maxWaiting answers already wait', async () => {
    const turns = new AnswerTurns({ maxWaiting: 2 });
    const ran: number[] = [];
    const outcomes = await Promise.all([1, 2, 3].map((n) => turns.take(async () => void ran.push(n))));
    expect(outcomes).toEqual(['done', 'done', 'busy']);
    expect(ran).toEqual([1, 2]);
    expect(turns.waiting).toBe(0);
  });

  it('passes a failed answer on to its caller and goes on with the next', async () => {
    const turns = new AnswerTurns();
    const failing = turns.take(() => {
      throw new Error('search broke');
    });
    const next = turns.take(async () => undefined);
    await expect(failing).rejects.toThrow('search broke');
    await expect(next).resolves.toBe('done');
  });
});

describe('Answering', () => {
  const search = { size: 0, all: () => [], search: () => { throw new Error('not used'); } } as NewsSearch;

  function recorder() {
    const replies: SlackMessage[] = [];
    return { replies, reply: async (message: SlackMessage) => void replies.push(message) };
  }

  it('answers from the index once it is loaded', async () => {
    const { replies, reply } = recorder();
    const used: NewsSearch[] = [];
    await new Answering(() => search).withIndex(reply, async (s) => void used.push(s));
    expect(used).toEqual([search]);
    expect(replies).toEqual([]);
  });

  it('says the articles are still loading while there is no index', async () => {
    const { replies, reply } = recorder();
    let answered = false;
    await new Answering(() => null).withIndex(reply, async () => void (answered = true));
    expect(answered).toBe(false);
    expect(replies).toEqual([loadingNotice()]);
  });

  it('acks a command empty while answers can wait, and with the busy notice once too many do', async () => {
    const acks: unknown[][] = [];
    const ack = async (...args: unknown[]) => void acks.push(args);
    expect(await new Answering(() => search).ackCommand(ack)).toBe(true);
    expect(await new Answering(() => search, new AnswerTurns({ maxWaiting: 0 })).ackCommand(ack)).toBe(false);
    expect(acks).toEqual([[], [{ response_type: 'ephemeral', ...busyNotice() }]]);
  });

  it('tells the asker the bot is busy rather than leaving them without an answer', async () => {
    const { replies, reply } = recorder();
    const answering = new Answering(() => search, new AnswerTurns({ maxWaiting: 1 }));
    const answered: string[] = [];
    await Promise.all([
      answering.withIndex(reply, async () => void answered.push('first')),
      answering.inTurn(reply, async () => void answered.push('second')),
    ]);
    expect(answered).toEqual(['first']);
    expect(replies).toEqual([busyNotice()]);
  });
});
