// The workspace's post pace in PostgreSQL: every instance reserves its post times from one row, so
// together they keep to Slack's workspace limit (which is per app and workspace, not per instance).
import type { PostPaceStorage } from '../state-store.ts';
import type { PostgresDatabase } from './connection.ts';

/** {@link PostPaceStorage} on PostgreSQL: one upsert per post, serialised on the pace's row. */
export class PostgresPostPaceStore implements PostPaceStorage {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async reserve(name: string, intervalMs: number): Promise<number> {
    const now = this.now();
    // A retry after a connection lost past COMMIT reserves a second time: one post time goes unused,
    // which slows the pace by one interval and never speeds it up.
    const { rows } = await this.db.query<{ at: string }>(
      `INSERT INTO post_pace (name, next_at) VALUES ($1, $2::bigint + $3::bigint)
       ON CONFLICT (name) DO UPDATE SET next_at = GREATEST(post_pace.next_at, $2::bigint) + $3::bigint
       RETURNING next_at - $3::bigint AS at`,
      [name, Math.round(now), Math.ceil(intervalMs)],
    );
    return Math.max(0, Number(rows[0]!.at) - now);
  }
}
