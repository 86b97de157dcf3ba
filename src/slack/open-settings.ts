// Opens the settings modal for one channel, pre-filled with its subscription. Shared by the
// `/healthnews settings` command and the 编辑 buttons; the modal itself is built in blocks/.
import type { webApi } from '@slack/bolt';
import { CADENCES, cadenceDescription, cadenceLabel } from '../digest/cadence.ts';
import { PROVINCES } from '../regions/gazetteer.ts';
import { settingsModal } from './blocks/settings-modal.ts';
import type { SlackDeps } from './deps.ts';

const CADENCE_CHOICES = CADENCES.map((cadence) => ({ cadence, label: cadenceLabel(cadence), description: cadenceDescription(cadence) }));

/** `views.open` with the settings form of `channel`; `triggerId` comes from the command or click (valid 3 s). */
export async function openSettings(client: webApi.WebClient, args: { triggerId: string; channel: string }, deps: Pick<SlackDeps, 'subscriptions'>): Promise<void> {
  const current = await deps.subscriptions.get(args.channel);
  const view = settingsModal({
    channel: args.channel,
    current: current ? { regions: current.regions, topics: current.topics, cadence: current.cadence } : null,
    provinces: PROVINCES,
    cadences: CADENCE_CHOICES,
  });
  await client.views.open({ trigger_id: args.triggerId, view });
}
