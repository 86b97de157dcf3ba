// The state schema, as an ordered list of migrations. Never edit a shipped migration: append a new
// one, so every existing data folder moves forward the same way. Index i brings user_version to i+1.
import type Database from 'better-sqlite3';

type Migration = (db: Database.Database) => void;

export const MIGRATIONS: readonly Migration[] = [
  // 1: subscriptions, digest runs, per-(slot, channel) deliveries and what each channel has had.
  (db) => {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE subscriptions (
        channel          TEXT PRIMARY KEY,
        regions          TEXT NOT NULL,             -- JSON RegionFilter[]; [] means every region
        source           TEXT NOT NULL,             -- 'command' | 'env'
        created_by       TEXT,                      -- Slack user id; null when seeded from DIGEST_CHANNELS
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        baseline_pending INTEGER NOT NULL DEFAULT 1, -- next digest covers only the newest day
        last_error       TEXT,
        last_error_at    TEXT,
        last_sent_at     TEXT
      );
      CREATE TABLE digest_runs (
        slot_id     TEXT PRIMARY KEY,               -- 'cron:<ISO>' or 'manual:<ISO>'
        kind        TEXT NOT NULL,                  -- 'scheduled' | 'catch-up' | 'manual'
        slot_time   TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        status      TEXT NOT NULL,                  -- 'running' | 'done' | 'failed'
        summary     TEXT
      );
      CREATE TABLE deliveries (
        slot_id      TEXT NOT NULL,
        channel      TEXT NOT NULL,
        status       TEXT NOT NULL,                 -- see DeliveryStatus
        lease_owner  TEXT,
        lease_until  INTEGER,                       -- epoch ms
        attempts     INTEGER NOT NULL DEFAULT 0,
        plan         TEXT,                          -- JSON DeliveryPlan, fixed before the first post
        message_ts   TEXT,
        parts_posted INTEGER NOT NULL DEFAULT 0,
        error        TEXT,
        updated_at   TEXT NOT NULL,
        PRIMARY KEY (slot_id, channel)
      );
      CREATE INDEX deliveries_by_channel ON deliveries (channel, status);
      CREATE TABLE channel_articles (
        channel     TEXT NOT NULL,
        article_id  TEXT NOT NULL,
        status      TEXT NOT NULL,                  -- 'sent' | 'baseline' (skipped by a first digest)
        slot_id     TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (channel, article_id)
      );
    `);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('created_at', new Date().toISOString());
  },
  // 2: Events API deliveries already handled, so a retry after a restart is not answered twice.
  (db) => {
    db.exec(`
      CREATE TABLE seen_events (
        event_id TEXT PRIMARY KEY,
        seen_at  INTEGER NOT NULL                   -- epoch ms; rows older than the dedupe window are pruned
      );
      CREATE INDEX seen_events_by_time ON seen_events (seen_at);
    `);
  },
  // 3: topics and cadence per subscription. Every subscription made before them keeps what it had:
  // all articles of its regions, once a day.
  (db) => {
    db.exec(`
      ALTER TABLE subscriptions ADD COLUMN topics  TEXT NOT NULL DEFAULT '[]';    -- JSON string[] (normalised); [] = every article
      ALTER TABLE subscriptions ADD COLUMN cadence TEXT NOT NULL DEFAULT 'daily'; -- 'instant' | 'daily' | 'workdays' | 'weekly'
    `);
  },
  // 4: the workspace's post pace, shared by every process on this state (PostPaceStore).
  (db) => {
    db.exec(`
      CREATE TABLE post_pace (
        name    TEXT PRIMARY KEY,                   -- which limit: 'chat.postMessage'
        next_at INTEGER NOT NULL                    -- epoch ms: the next post may go out then
      );
    `);
  },
];
