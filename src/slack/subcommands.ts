// The `/healthnews` subcommands, routed by the first word of the command text. Adding one is one
// line in SUBCOMMANDS (e.g. `['subscribe', subscribeSubcommand]`); anything that is not a
// subcommand is a search, which the command listener answers from the index.
import { helpMessage } from './blocks/help.ts';
import type { SubcommandHandler } from './subcommand-types.ts';
import { settingsSubcommand } from './settings-subcommand.ts';
import { subscribeSubcommand, subscriptionsSubcommand, unsubscribeSubcommand } from './subscription-subcommands.ts';

/** The words that ask for usage, as a subcommand (`/healthnews 帮助`) or a whole mention (`@healthnews help`); matched lower-cased. */
export const HELP_WORDS: readonly string[] = ['help', '帮助'];

/**
 * True when `text` is only a help word.
 *
 * @example asksForHelp(' HELP ') // → true
 */
export function asksForHelp(text: string): boolean {
  return HELP_WORDS.includes(text.trim().toLowerCase());
}

/** `/healthnews help`: usage, only to the asker. */
export const helpSubcommand: SubcommandHandler = async ({ respond }) => {
  await respond({ response_type: 'ephemeral', ...helpMessage() });
};

/** First word (lower-cased) → handler. A Map, so words like `constructor` are never mistaken for one. */
export const SUBCOMMANDS: ReadonlyMap<string, SubcommandHandler> = new Map([
  ...HELP_WORDS.map((word) => [word, helpSubcommand] as const),
  ['subscribe', subscribeSubcommand],
  ['unsubscribe', unsubscribeSubcommand],
  ['subscriptions', subscriptionsSubcommand],
  ['settings', settingsSubcommand],
  ['设置', settingsSubcommand],
]);

/** What a command text asks for: a subcommand with the rest of the text, or a search for the whole text. */
export type CommandRoute = { kind: 'subcommand'; handler: SubcommandHandler; rest: string } | { kind: 'search'; query: string };

/**
 * Routes a command text: empty → help; a known first word → that subcommand with the rest of the
 * text; anything else → a search for the whole text.
 *
 * @example routeSubcommand('help') // → { kind: 'subcommand', handler: helpSubcommand, rest: '' }
 * routeSubcommand('四川 健康卡') // → { kind: 'search', query: '四川 健康卡' }
 */
export function routeSubcommand(text: string): CommandRoute {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'subcommand', handler: helpSubcommand, rest: '' };
  const match = /^(\S+)\s*([\s\S]*)$/u.exec(trimmed);
  const word = match?.[1]?.toLowerCase() ?? '';
  const handler = SUBCOMMANDS.get(word);
  return handler ? { kind: 'subcommand', handler, rest: match?.[2] ?? '' } : { kind: 'search', query: trimmed };
}
