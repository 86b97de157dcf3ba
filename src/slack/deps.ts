// What the Slack app needs from the rest of healthnews, passed in as one object so later features
// (a state store, the digest scheduler) can add a field without changing every signature.
import type { NewsSearch } from '../search/search-types.ts';
import type { SeenEvents } from './event-dedupe.ts';

export interface SlackDeps {
  /** The current index, or null while the pages are still being read (the app then says so). */
  getSearch(): NewsSearch | null;
  /** Which Events API deliveries were already handled. */
  seenEvents: SeenEvents;
}
