// The `/healthnews` callback called directly with Bolt's argument types (fake ack, respond, client),
// as the Bolt starter template tests its listeners; the signed-request path is in test/slack/app.test.ts.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsSearch } from '../../../../src/search/search-types.ts';
import { AnswerTurns, Answering } from '../../../../src/slack/answer-turns.ts';
import { helpMessage } from '../../../../src/slack/blocks/help.ts';
import { busyNotice, failureNotice, loadingNotice } from '../../../../src/slack/blocks/notices.ts';
import type { SlackDeps } from '../../../../src/slack/deps.ts';
import { healthnewsCommand } from '../../../../src/slack/listeners/commands/healthnews-command.ts';
import { fakeBolt, type FakeBoltOptions } from '../../../helpers/listener-args.ts';
import { seedIndex } from '../../../helpers/seed-index.ts';
import { testSlackDeps } from '../../../helpers/slack-harness.ts';
import { slackFixture } from '../../../helpers/slack-requests.ts';

let index: NewsSearch;
beforeAll(async () => {
  index = await seedIndex();
});

/** Runs the callback for `/healthnews text` and returns the fakes it was given. */
async function run(text: string, deps: SlackDeps, options: FakeBoltOptions & { answering?: Answering } = {}) {
  const fake = fakeBolt(options);
  const command = { ...slackFixture<Record<string, string>>('slash-command.json'), text };
  const order: string[] = [];
  fake.ack.mockImplementation(async () => void order.push('ack'));
  const respond = async (message: Record<string, any>) => {
    order.push('respond');
    await fake.respond(message);
  };
  const answering = options.answering ?? new Answering(() => deps.getSearch());
  await healthnewsCommand(deps, answering)({ ...fake.common, ack: fake.ack, respond, say: fake.say, command, body: command, payload: command } as unknown as AllMiddlewareArgs & SlackCommandMiddlewareArgs);
  return { ...fake, order };
}

describe('/healthnews listener', () => {
  it('acks with nothing first, then answers a search privately with cards', async () => {
    const { ack, responded, order } = await run('四川', testSlackDeps({ getSearch: () => index }));
    expect(ack).toHaveBeenCalledWith();
    expect(order).toEqual(['ack', 'respond']);
    expect(responded).toHaveLength(1);
    expect(responded[0]!.response_type).toBe('ephemeral');
    expect(JSON.stringify(responded[0]!.blocks)).toContain('四川');
  });

  it.each(['', 'help', '帮助'])('shows usage privately for %j', async (text) => {
    const { responded } = await run(text, testSlackDeps({ getSearch: () => index }));
    expect(responded).toEqual([{ response_type: 'ephemeral', ...helpMessage() }]);
  });

  it('says the articles are still loading instead of searching', async () => {
    const { responded } = await run('四川', testSlackDeps({ getSearch: () => null }));
    expect(responded).toEqual([{ response_type: 'ephemeral', ...loadingNotice() }]);
  });

  it('says the bot is busy in the ack itself when too many answers wait, rather than not answering', async () => {
    const deps = testSlackDeps({ getSearch: () => index });
    const { ack, responded } = await run('四川', deps, { answering: new Answering(() => index, new AnswerTurns({ maxWaiting: 0 })) });
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', ...busyNotice() });
    expect(responded).toEqual([]);
  });

  it('routes subscribe to the subscription service for the channel it was typed in', async () => {
    const deps = testSlackDeps({ getSearch: () => index });
    const { responded, calls } = await run('subscribe 四川', deps, {
      api: { 'conversations.info': (args) => ({ ok: true, channel: { id: args.channel, is_channel: true, is_member: true } }) },
    });
    expect(calls.map((c) => c.method)).toEqual(['conversations.info']);
    expect(responded).toHaveLength(1);
    expect(responded[0]!.response_type).toBe('ephemeral');
    expect((await deps.subscriptions.list('C2147483705')).here?.regions).toBe('四川');
  });

  it('logs a failure with who and where, and tells the user in general words', async () => {
    const deps = testSlackDeps({
      getSearch: () => {
        throw new Error('index broke');
      },
    });
    const { responded, logs } = await run('四川', deps);
    expect(responded).toEqual([{ response_type: 'ephemeral', ...failureNotice() }]);
    expect(logs.some((l) => l.startsWith('ERROR /healthnews failed for user U2147483697 in C2147483705'))).toBe(true);
  });
});
