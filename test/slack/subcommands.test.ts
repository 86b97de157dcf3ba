import { describe, expect, it } from 'vitest';
import { asksForHelp, helpSubcommand, HELP_WORDS, routeSubcommand, SUBCOMMANDS } from '../../src/slack/subcommands.ts';
import { subscribeSubcommand, subscriptionsSubcommand, unsubscribeSubcommand } from '../../src/slack/subscription-subcommands.ts';

describe('routeSubcommand', () => {
  it('routes an empty text and every help word to help', () => {
    expect(routeSubcommand('  ')).toEqual({ kind: 'subcommand', handler: helpSubcommand, rest: '' });
    for (const word of [...HELP_WORDS, 'HELP']) expect(routeSubcommand(word)).toEqual({ kind: 'subcommand', handler: helpSubcommand, rest: '' });
  });

  it('routes a subcommand word with the rest of the text', () => {
    expect(routeSubcommand('subscribe 四川  广东')).toEqual({ kind: 'subcommand', handler: subscribeSubcommand, rest: '四川  广东' });
    expect(routeSubcommand('Unsubscribe')).toEqual({ kind: 'subcommand', handler: unsubscribeSubcommand, rest: '' });
    expect(routeSubcommand('subscriptions')).toEqual({ kind: 'subcommand', handler: subscriptionsSubcommand, rest: '' });
  });

  it('searches for anything else, words that only look like subcommands included', () => {
    expect(routeSubcommand(' 四川 健康卡 ')).toEqual({ kind: 'search', query: '四川 健康卡' });
    expect(routeSubcommand('subscribers')).toEqual({ kind: 'search', query: 'subscribers' });
    expect(routeSubcommand('constructor')).toEqual({ kind: 'search', query: 'constructor' });
  });

  it('has one table entry per help word, so the mention and the command agree', () => {
    for (const word of HELP_WORDS) expect(SUBCOMMANDS.get(word)).toBe(helpSubcommand);
  });
});

describe('asksForHelp', () => {
  it('is true only for a help word on its own, in any case', () => {
    expect(asksForHelp(' Help ')).toBe(true);
    expect(asksForHelp('帮助')).toBe(true);
    expect(asksForHelp('help 四川')).toBe(false);
    expect(asksForHelp('')).toBe(false);
  });
});
