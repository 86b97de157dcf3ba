// Wires every listener to the Bolt app. Listeners are glue only: they read the payload, call
// answerQuery, a subcommand or a domain service, and reply; every one that answers a question
// goes through the one Answering wrapper (turns, "still loading", "busy").
import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import { Answering } from '../answer-turns.ts';
import { ACTION_IDS, PAGE_ACTION_PATTERN } from '../blocks/search-results.ts';
import { EDIT_SUBSCRIPTION_ACTION, SETTINGS_CALLBACK_ID } from '../blocks/settings-modal.ts';
import type { SlackDeps } from '../deps.ts';
import { editSubscription } from './actions/edit-subscription.ts';
import { pageResults } from './actions/page-results.ts';
import { shareResults } from './actions/share-results.ts';
import { healthnewsCommand } from './commands/healthnews-command.ts';
import { appHomeOpened } from './events/app-home-opened.ts';
import { appMention } from './events/app-mention.ts';
import { settingsSubmission } from './views/settings-submission.ts';

/** The slash command the manifest declares. */
export const COMMAND = '/healthnews';

/** Registers the command, event, action and view listeners on `app` (events as the manifest subscribes them), sharing one queue of answers. */
export function registerListeners(app: App, deps: SlackDeps): void {
  const answering = new Answering(() => deps.getSearch());
  app.command(COMMAND, healthnewsCommand(deps, answering));
  app.event('app_mention', appMention(deps, answering));
  app.event('app_home_opened', appHomeOpened(deps));
  app.action<BlockButtonAction>(PAGE_ACTION_PATTERN, pageResults(answering));
  app.action<BlockButtonAction>(ACTION_IDS.share, shareResults(answering));
  app.action<BlockButtonAction>(EDIT_SUBSCRIPTION_ACTION, editSubscription(deps));
  app.view<ViewSubmitAction>(SETTINGS_CALLBACK_ID, settingsSubmission(deps));
}
