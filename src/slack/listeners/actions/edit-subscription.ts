// The 编辑 button on a subscription (in `/healthnews subscriptions` and the App Home): opens the
// settings form for that channel.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { staleButtonNotice } from '../../blocks/notices.ts';
import type { SlackDeps } from '../../deps.ts';
import { openSettings } from '../../open-settings.ts';
import { channelIdField, stringField } from '../../payload-fields.ts';

/** Builds the 编辑 listener. */
export function editSubscription(deps: SlackDeps) {
  return async ({ ack, action, body, client, respond, logger }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const channel = channelIdField(action.value);
    const triggerId = stringField(body.trigger_id);
    if (!channel || !triggerId) {
      logger.warn(`编辑 clicked with ${channel ? 'no trigger_id' : 'a value that is not a channel id'}; told the user to retry`);
      // From the App Home there is no response_url to answer through; the log line is all we can do.
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, ...staleButtonNotice() });
      return;
    }
    await openSettings(client, { triggerId, channel }, deps);
  };
}
