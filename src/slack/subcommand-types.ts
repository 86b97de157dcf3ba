// What every `/healthnews` subcommand handler is given and returns: shared by the routing table
// (subcommands.ts) and the handlers (subscription-subcommands.ts), so neither imports the other's types.
import type { Logger, RespondFn, webApi } from '@slack/bolt';
import type { SlackDeps } from './deps.ts';
import type { CommandInput } from './payload-fields.ts';

export interface SubcommandArgs {
  /** The command text after the subcommand word. */
  rest: string;
  /** The payload's fields, read defensively (any may be missing). */
  command: CommandInput;
  respond: RespondFn;
  client: webApi.WebClient;
  logger: Logger;
  deps: SlackDeps;
}

export type SubcommandHandler = (args: SubcommandArgs) => Promise<void>;
