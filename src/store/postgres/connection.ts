// The connection pool to PostgreSQL behind DATABASE_URL: start-up errors as one line naming
// DATABASE_URL (never its password), and queries and transactions that ride out a lost connection
// (a server restart, a failover) by retrying with backoff instead of failing the digest run.
import pg from 'pg';
import { describeDatabaseUrl } from '../../config.ts';
import { registerSecret } from '../../log.ts';
import { StateDatabaseError } from '../database.ts';

/** Anything queries can be sent on: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

/** How long and how often a statement is retried after a lost connection. */
export interface RetryPolicy {
  /** Give up (and throw the connection error) once this much time has passed since the first try. */
  maxElapsedMs: number;
  /** First pause; each next one doubles, up to {@link RetryPolicy.maxDelayMs}, with ±25% jitter. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Long enough for a PostgreSQL restart or a managed-database failover (typically under a minute). */
export const DEFAULT_RETRY: RetryPolicy = { maxElapsedMs: 120_000, initialDelayMs: 100, maxDelayMs: 5_000 };

export interface PostgresOptions {
  retry?: Partial<RetryPolicy>;
  /** Connections per instance; each channel in flight holds one only for the length of a statement. */
  maxConnections?: number;
  /** Told about each retry and about connections the server dropped while idle. */
  onWarning?: (message: string) => void;
  /** Every transaction read-only (the server refuses writes): for previews such as `digest --dry-run`. */
  readonly?: boolean;
}

/** Removes the URL's password (raw and percent-decoded) from text that may have picked it up. */
function withoutPassword(text: string, databaseUrl: string): string {
  let password = '';
  try {
    password = new URL(databaseUrl).password;
  } catch {
    return text;
  }
  if (!password) return text;
  let out = text;
  for (const form of new Set([password, safeDecode(password)])) if (form) out = out.split(form).join('[redacted]');
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** Server-side: admin_shutdown, crash_shutdown, cannot_connect_now (starting up), too_many_connections. */
const RETRYABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * True for errors that mean the connection (not the statement) failed: the same statement on a new
 * connection may succeed. Serialization failures and deadlocks are retried too, as PostgreSQL advises.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (CONNECTION_CODES.has(code) || RETRYABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
    if (code === '40001' || code === '40P01') return true;
  }
  // node-postgres raises these without a code when the socket closes under a query.
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i.test(error.message);
}

/** The pool plus retrying helpers. One per process; `close()` ends every connection. */
export class PostgresDatabase {
  private readonly retry: RetryPolicy;
  private readonly onWarning: (message: string) => void;

  constructor(
    readonly pool: pg.Pool,
    /** DATABASE_URL without its password, for messages. */
    readonly location: string,
    options: PostgresOptions = {},
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.onWarning = options.onWarning ?? (() => {});
    // An idle connection the server closes (restart, failover) is reported here; unhandled it would crash the process.
    pool.on('error', (error) => this.onWarning(`PostgreSQL at ${location}: an idle connection was closed (${describeError(error)}); reconnecting on next use`));
  }

  /** Runs one statement (its own transaction), retried on a lost connection. */
  async query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<Row>> {
    return this.withRetry(() => this.pool.query<Row>(sql, params));
  }

  /**
   * Runs `work` inside BEGIN … COMMIT on one connection. A lost connection rolls the whole transaction
   * back server-side, so it is retried from the start on a new connection: `work` must not depend on
   * anything outside the database that a first, failed try changed. A connection lost just after
   * COMMIT reached the server retries a transaction that did commit, so every write of the stores is
   * one that, done twice, leaves what doing it once leaves: a claim by the same owner is granted
   * again, articles are inserted-or-ignored, an event id is recognised by its claim token. (The one
   * visible difference: a subscribe retried that way reports `unchanged` instead of `created`.)
   */
  async transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    return this.withRetry(async () => {
      const client = await this.checkOut();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (isRetryable(error)) broken = error as Error;
        else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.giveBack(broken);
      }
    });
  }

  /** Holds one connection for `work` (session-level locks need the same connection throughout). */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.checkOut();
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      if (isRetryable(error)) broken = error as Error;
      throw error;
    } finally {
      client.giveBack(broken);
    }
  }

  /**
   * A client from the pool with an error listener for as long as we hold it: a connection that
   * drops between two statements emits 'error' on the client, which would otherwise crash the process
   * (the next statement on it fails and is retried). `giveBack(broken)` destroys a broken client
   * instead of returning it to the pool.
   */
  private async checkOut(): Promise<pg.PoolClient & { giveBack(broken?: Error): void }> {
    const client = await this.pool.connect();
    let lost: Error | undefined;
    const onError = (error: Error) => (lost = error);
    client.on('error', onError);
    return Object.assign(client, {
      giveBack: (broken?: Error) => {
        client.removeListener('error', onError);
        client.release(broken ?? lost);
      },
    });
  }

  private async withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let tries = 0; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        const elapsed = Date.now() - started;
        if (!isRetryable(error) || elapsed >= this.retry.maxElapsedMs) throw error;
        const base = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** tries);
        const delay = Math.round(base * (0.75 + Math.random() * 0.5));
        this.onWarning(`PostgreSQL at ${this.location}: ${describeError(error)}; retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

/**
 * Opens a pool on `databaseUrl` and checks that the server answers. A malformed URL is a
 * ConfigError; any other failure is one {@link StateDatabaseError} line naming DATABASE_URL, where it points (without the password) and
 * what to do; the password is also registered with the logger so no later line can print it.
 *
 * @example const db = await connectPostgres(process.env.DATABASE_URL!);
 */
export async function connectPostgres(databaseUrl: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const location = describeDatabaseUrl(databaseUrl);
  try {
    registerSecret(new URL(databaseUrl).password);
    registerSecret(safeDecode(new URL(databaseUrl).password));
  } catch {
    // describeDatabaseUrl already accepted the URL.
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    // Without a bound, a host that drops packets would hang the start forever.
    connectionTimeoutMillis: 10_000,
    // A dead peer (host gone, not just the process) is noticed instead of waited on.
    keepAlive: true,
    // Our transactions are a few statements with no Slack call inside; one left open (a frozen
    // process) would hold its row locks and stall every other instance's claim on them.
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'healthnews',
    ...(options.readonly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  const db = new PostgresDatabase(pool, location, options);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw startError(error, location, databaseUrl);
  }
  return db;
}

/** One line for a failure to reach or use the database at start, naming DATABASE_URL, never its password. */
export function startError(error: unknown, location: string, databaseUrl: string): StateDatabaseError {
  const code = (error as { code?: unknown }).code;
  const detail = withoutPassword(describeError(error), databaseUrl);
  let fix = 'the schema was left at the last migration that completed; fix the cause and start again';
  if (isRetryable(error)) fix = 'check that the server is running and reachable from here, and that DATABASE_URL points at it';
  else if (code === '28P01' || code === '28000') fix = 'check the user name and password in DATABASE_URL';
  else if (code === '3D000') fix = 'create the database (createdb) or fix its name in DATABASE_URL';
  else if (code === '42501') fix = 'grant the user in DATABASE_URL the right to create tables in that database';
  return new StateDatabaseError(`DATABASE_URL: cannot use PostgreSQL at ${location}: ${detail}; ${fix}`);
}
