// Wires every listener to the Bolt app. Listeners are glue only: they read the payload, call
// answerQuery, a subcommand or a domain service, and reply.
import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
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

/** Registers the command, event, action and view listeners on `app` (events as the manifest subscribes them). */
export function registerListeners(app: App, deps: SlackDeps): void {
  app.command(COMMAND, healthnewsCommand(deps));
  app.event('app_mention', appMention(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.action<BlockButtonAction>(PAGE_ACTION_PATTERN, pageResults(deps));
  app.action<BlockButtonAction>(ACTION_IDS.share, shareResults(deps));
  app.action<BlockButtonAction>(EDIT_SUBSCRIPTION_ACTION, editSubscription(deps));
  app.view<ViewSubmitAction>(SETTINGS_CALLBACK_ID, settingsSubmission(deps));
}
