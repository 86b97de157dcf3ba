// Opens the bot's SQLite state file under DATA_DIR: creates it on first run, switches to WAL, and
// brings the schema up to date through the ordered migrations (tracked in PRAGMA user_version).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type StateDatabase = Database.Database;

/** The state file's name inside DATA_DIR. */
export const DATABASE_FILE = 'healthnews.sqlite';

/** The state file is unusable (newer schema, not a database, folder not writable). */
export class StateDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateDatabaseError';
  }
}

export interface OpenOptions {
  /** Read only, for dry runs: never creates, migrates or writes. Returns null when the file does not exist yet. */
  readonly?: boolean;
}

/**
 * Opens (creating if needed) `DATA_DIR/healthnews.sqlite` and migrates it. Pass `':memory:'` for a
 * throwaway database in tests.
 *
 * @example const db = openStateDatabase('./data'); db.prepare('SELECT 1').get();
 */
export function openStateDatabase(dataDir: string): StateDatabase;
export function openStateDatabase(dataDir: string, options: { readonly: true }): StateDatabase | null;
export function openStateDatabase(dataDir: string, options: OpenOptions = {}): StateDatabase | null {
  const file = dataDir === ':memory:' ? ':memory:' : path.join(dataDir, DATABASE_FILE);
  if (options.readonly) {
    if (file !== ':memory:' && !fs.existsSync(file)) return null;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    checkVersion(db, file);
    return db;
  }
  if (file !== ':memory:') {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw new StateDatabaseError(
        `DATA_DIR: cannot create ${dataDir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); point DATA_DIR at a writable folder`,
      );
    }
  }
  let db: StateDatabase;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw new StateDatabaseError(`${file}: cannot open the state database (${(error as Error).message}); move the file aside or fix its permissions`);
  }
  // A second instance holding the write lock briefly must make us wait, not fail.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db, file);
  return db;
}

function checkVersion(db: StateDatabase, file: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new StateDatabaseError(
      `${file}: schema version ${version} is newer than this healthnews knows (${MIGRATIONS.length}); upgrade healthnews or use another DATA_DIR`,
    );
  }
  return version;
}

/** Applies every migration after the file's `user_version`, each in its own transaction with its version bump. */
export function migrate(db: StateDatabase, file = 'database'): void {
  // IMMEDIATE so two instances starting together do not both run the same migration.
  const step = db.transaction((index: number) => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > index) return; // another instance got there first
    MIGRATIONS[index]!(db);
    db.pragma(`user_version = ${index + 1}`);
  });
  const from = checkVersion(db, file);
  for (let index = from; index < MIGRATIONS.length; index++) step.immediate(index);
}
