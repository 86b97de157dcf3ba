// The workspace's post pace in the SQLite state file: one row per limit holding when the next post
// may go out, so processes sharing DATA_DIR (the bot and `healthnews digest --post`) keep to
// Slack's workspace limit together. The PostgreSQL store does the same across hosts.
import type { StateDatabase } from './database.ts';

/**
 * Reserves post times under BEGIN IMMEDIATE: of two processes reserving at once, each gets its own
 * time, `intervalMs` apart.
 *
 * @example new PostPaceStore(db).reserve('chat.postMessage', 206) // → 0 (post now), then 206, 412, …
 */
export class PostPaceStore {
  constructor(
    private readonly db: StateDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long to wait (ms) for the next free post time of `name`; that time is then taken. */
  reserve(name: string, intervalMs: number): number {
    const reserve = this.db.transaction((): number => {
      const now = this.now();
      const row = this.db.prepare('SELECT next_at FROM post_pace WHERE name = ?').get(name) as { next_at: number } | undefined;
      const at = Math.max(now, row?.next_at ?? 0);
      this.db
        .prepare('INSERT INTO post_pace (name, next_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET next_at = excluded.next_at')
        .run(name, at + intervalMs);
      return at - now;
    });
    return reserve.immediate();
  }
}
