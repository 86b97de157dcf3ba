// What the Slack app needs from the rest of healthnews, passed in as one object so a feature can
// add a field without changing every signature. Domain services only: nothing here knows Bolt.
import type { SubscriptionService } from '../digest/subscription-service.ts';
import type { Article } from '../pages/article.ts';
import type { NewsSearch } from '../search/search-types.ts';
import type { SeenEvents } from './event-dedupe.ts';

export interface SlackDeps {
  /** The current index, or null while the pages are still being read (the app then says so). */
  getSearch(): NewsSearch | null;
  /** Which Events API deliveries were already handled. */
  seenEvents: SeenEvents;
  /** Digest subscriptions: `/healthnews subscribe|unsubscribe|subscriptions` and the App Home. */
  subscriptions: SubscriptionService;
  /** When digests go out, in words (`每天 09:00（Asia/Shanghai）`), for confirmations and the App Home. */
  digestSchedule: string;
  /** The current articles, newest first, for the App Home's latest news (empty while loading). */
  latestArticles(): readonly Article[];
}
