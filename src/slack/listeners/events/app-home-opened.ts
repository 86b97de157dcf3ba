// The App Home tab: rebuilt and published each time someone opens it, so it always shows the
// current subscriptions (with their last delivery errors) and the latest news.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeView } from '../../blocks/home-view.ts';
import type { SlackDeps } from '../../deps.ts';
import { userIdField } from '../../payload-fields.ts';

/** Builds the `app_home_opened` listener. */
export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, client, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> => {
    // The same event fires for the Messages tab; only the Home tab shows our view.
    if (event.tab !== undefined && event.tab !== 'home') return;
    const user = userIdField(event.user);
    if (!user) {
      logger.warn('app_home_opened names no user to publish the Home tab for; ignored');
      return;
    }
    // The App Home belongs to no channel: it lists every channel's subscription.
    const all = await deps.subscriptions.listAll();
    const view = homeView({
      subscriptions: all,
      latest: deps.latestArticles(),
      schedule: deps.digestSchedule,
      builtAt: new Date(),
    });
    // A retried event just publishes the same view again, so no dedupe is needed here.
    await client.views.publish({ user_id: user, view });
    logger.debug(`App Home published for ${user}`);
  };
}
