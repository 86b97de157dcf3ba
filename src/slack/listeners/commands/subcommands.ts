// The `/healthnews` subcommands, routed by the first word of the command text. Adding one is one
// line in SUBCOMMANDS (e.g. `['subscribe', subscribeSubcommand]`); anything that is not a
// subcommand is a search.
import type { Logger, RespondFn, webApi } from '@slack/bolt';
import { answerQuery } from '../../answer-query.ts';
import { helpMessage } from '../../blocks/help.ts';
import { loadingNotice } from '../../blocks/notices.ts';
import type { SlackDeps } from '../../deps.ts';
import type { CommandInput } from '../../payload-fields.ts';
import { settingsSubcommand } from './settings-subcommand.ts';
import { subscribeSubcommand, subscriptionsSubcommand, unsubscribeSubcommand } from './subscription-subcommands.ts';

export interface SubcommandArgs {
  /** The command text after the subcommand word (for a search: the whole text). */
  rest: string;
  /** The payload's fields, read defensively (any may be missing). */
  command: CommandInput;
  respond: RespondFn;
  client: webApi.WebClient;
  logger: Logger;
  deps: SlackDeps;
}

export type SubcommandHandler = (args: SubcommandArgs) => Promise<void>;

/** `/healthnews help`: usage, only to the asker. */
export const helpSubcommand: SubcommandHandler = async ({ respond }) => {
  await respond({ response_type: 'ephemeral', ...helpMessage() });
};

/** `/healthnews <query>`: one page of cards, only to the asker, with paging and Share buttons. */
export const searchSubcommand: SubcommandHandler = async ({ rest, respond, deps }) => {
  const search = deps.getSearch();
  const message = search ? answerQuery(search, { text: rest, mode: 'private' }) : loadingNotice();
  await respond({ response_type: 'ephemeral', ...message });
};

/** First word (lower-cased) → handler. A Map, so words like `constructor` are never mistaken for one. */
export const SUBCOMMANDS: ReadonlyMap<string, SubcommandHandler> = new Map([
  ['help', helpSubcommand],
  ['帮助', helpSubcommand],
  ['subscribe', subscribeSubcommand],
  ['unsubscribe', unsubscribeSubcommand],
  ['subscriptions', subscriptionsSubcommand],
  ['settings', settingsSubcommand],
  ['设置', settingsSubcommand],
]);

/**
 * Picks the handler for a command text: empty → help; a known first word → that subcommand with
 * the rest of the text; anything else → search with the whole text.
 *
 * @example routeSubcommand('help', SUBCOMMANDS).handler === helpSubcommand // → true
 */
export function routeSubcommand(
  text: string,
  subcommands: ReadonlyMap<string, SubcommandHandler> = SUBCOMMANDS,
): { handler: SubcommandHandler; rest: string } {
  const trimmed = text.trim();
  if (!trimmed) return { handler: subcommands.get('help') ?? helpSubcommand, rest: '' };
  const match = /^(\S+)\s*([\s\S]*)$/u.exec(trimmed);
  const word = match?.[1]?.toLowerCase() ?? '';
  const handler = subcommands.get(word);
  return handler ? { handler, rest: match?.[2] ?? '' } : { handler: searchSubcommand, rest: trimmed };
}
