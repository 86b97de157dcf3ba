// The settings form submitted: invalid fields are shown on the form itself (`response_action:
// errors`, so nothing typed is lost); a valid form is saved and confirmed in the channel to the
// person who saved it (ephemeral).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { readSettingsForm, type SettingsField } from '../../../digest/settings-form.ts';
import { channelFromMetadata, readSettingsValues, regionFromOptionValue, SETTINGS_BLOCKS } from '../../blocks/settings-modal.ts';
import { subscribedMessage } from '../../blocks/subscriptions-blocks.ts';
import type { SlackDeps } from '../../deps.ts';
import { channelIdField, userIdField } from '../../payload-fields.ts';
import { slackErrorCode } from '../../post-message.ts';

/** Builds the view_submission listener of the settings form. */
export function settingsSubmission(deps: SlackDeps) {
  return async ({ ack, view, body, client, logger }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const channel = channelIdField(channelFromMetadata(view.private_metadata));
    const user = userIdField(body.user?.id);
    if (!channel) {
      await ack({ response_action: 'errors', errors: { [SETTINGS_BLOCKS.cadence]: '这个表单已过期，请关掉它，在频道里再输入一次 /healthnews settings。' } });
      return;
    }
    const raw = readSettingsValues(view.state?.values);
    const form = readSettingsForm({ regions: raw.regionValues.map(regionFromOptionValue), topicsText: raw.topicsText, cadence: raw.cadence });
    if (!form.ok) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(form.errors)) errors[SETTINGS_BLOCKS[field as SettingsField]] = message;
      await ack({ response_action: 'errors', errors });
      return;
    }
    const saved = await deps.subscriptions.save(channel, form.settings, user);
    await ack();
    const { summary } = saved;
    logger.info(`${channel} ${saved.outcome} a digest subscription in the settings form (${summary.regions}; topics ${summary.topics ?? 'none'}; ${summary.cadence}) by ${user ?? '(unknown user)'}`);
    if (!user) return;
    const message = subscribedMessage({ channel, summary, outcome: saved.outcome, schedule: deps.digestSchedule });
    try {
      await client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks });
    } catch (error) {
      // Saved all the same; the subscription list shows it. Only the confirmation is missing.
      logger.warn(`settings for ${channel} saved, but the confirmation to ${user} failed (${slackErrorCode(error) ?? String(error)})`);
    }
  };
}
