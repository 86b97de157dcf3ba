// Environment (and `.env`) → one typed, validated, frozen settings object. The only module that
// reads process.env. A bad setting stops start-up with one line naming the variable and the fix;
// secrets are never echoed back, not even in those lines.
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import cron from 'node-cron';

export type Env = Record<string, string | undefined>;

/** A setting is missing or malformed. `message` is one line: the variable, what is wrong, how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/**
 * A channel subscribed through DIGEST_CHANNELS, as written: `words` are region names, topics and at
 * most one cadence word (read by the digest's subscription parser); none means every region, daily.
 */
export interface DigestChannelEntry {
  channel: string;
  words: string[];
}

export interface SlackSettings {
  botToken: string;
  /** Set → Socket Mode; unset → HTTP mode on `port`. */
  appToken: string | null;
  /** Required in HTTP mode, where it verifies every request. */
  signingSecret: string | null;
  /** Where the HTTP server (Slack requests in HTTP mode, health checks in both) listens: PORT, 0 = any free port. */
  port: number;
  /** Interface to listen on (`HOST`); null = every interface, as a container needs. */
  host: string | null;
  /** Web API base URL, always ending in `/`. */
  apiUrl: string;
}

export interface DigestSettings {
  cron: string;
  timezone: string;
  /** How far back a missed slot is still caught up at start. */
  graceHours: number;
  channels: DigestChannelEntry[];
}

export interface Config {
  seedsDir: string;
  dataDir: string;
  /**
   * DATABASE_URL (postgres://…): the state on PostgreSQL, shared by several instances; null keeps it
   * in SQLite under `dataDir`. Holds the password: pass it to the store, never to a log line.
   * Not yet wired: the bot still uses SQLite (see src/store/open-state-store.ts).
   */
  databaseUrl: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  digest: DigestSettings;
  /** Null when no Slack settings are given (the CLI's search and parse need none). */
  slack: SlackSettings | null;
}

export const DEFAULTS = Object.freeze({
  seedsDir: 'seeds',
  dataDir: 'data',
  port: 3000,
  apiUrl: 'https://slack.com/api/',
  digestCron: '0 9 * * *',
  digestTimezone: 'Asia/Shanghai',
  graceHours: 12,
});

/** Reads `.env` (if present) into the environment without overriding what is already set, and returns it. */
export function readEnvironment(cwd = process.cwd()): Env {
  loadDotenv({ path: path.join(cwd, '.env'), quiet: true });
  return process.env;
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parseToken(env: Env, name: string, prefix: string, where: string): string | null {
  const value = nonEmpty(env, name);
  if (value === undefined) return null;
  if (!value.startsWith(prefix)) {
    // Never echo the value: a pasted secret in the wrong variable is still a secret.
    throw new ConfigError(name, `must start with "${prefix}" (${where})`);
  }
  return value;
}

function parsePort(env: Env): number {
  const raw = nonEmpty(env, 'PORT');
  if (raw === undefined) return DEFAULTS.port;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `"${raw}" is not a port number; use a whole number from 1 to 65535 (0 picks a free port)`);
  }
  return port;
}

function parseHost(env: Env): string | null {
  const raw = nonEmpty(env, 'HOST');
  if (raw === undefined) return null;
  // A host name or an IPv4/IPv6 address; `[::1]` is accepted as written in URLs.
  const host = raw.replace(/^\[(.*)\]$/, '$1');
  if (!/^[A-Za-z0-9.:_-]+$/.test(host)) {
    throw new ConfigError('HOST', `"${raw}" is not a host name or IP address; use e.g. 0.0.0.0 (every IPv4 interface) or 127.0.0.1, or leave it unset for every interface`);
  }
  return host;
}

function parseApiUrl(env: Env): string {
  const raw = nonEmpty(env, 'SLACK_API_URL');
  if (raw === undefined) return DEFAULTS.apiUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SLACK_API_URL', `"${raw}" is not a URL; use e.g. https://slack.com/api/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('SLACK_API_URL', `must be an http(s) URL, got "${url.protocol}"`);
  }
  const text = url.toString();
  return text.endsWith('/') ? text : `${text}/`;
}

/**
 * DATABASE_URL as safe to print: `postgres://user@host:port/database`, the password left out.
 * Throws a {@link ConfigError} when it is not a PostgreSQL URL; the message never repeats the value
 * (it may hold a password).
 *
 * @example describeDatabaseUrl('postgres://bot:s3cret@db:5432/healthnews') // → 'postgres://bot@db:5432/healthnews'
 */
export function describeDatabaseUrl(databaseUrl: string): string {
  const form = 'write it as postgres://user:password@host:5432/database (percent-encode @ : / in the password)';
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConfigError('DATABASE_URL', `is not a URL; ${form}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must start with postgres:// (it starts with ${url.protocol}//); ${form}`);
  }
  const user = url.username ? `${url.username}@` : '';
  return `postgres://${user}${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname || '/'}`;
}

function parseDatabaseUrl(env: Env): string | null {
  const raw = nonEmpty(env, 'DATABASE_URL');
  if (raw === undefined) return null;
  describeDatabaseUrl(raw);
  return raw;
}

function parseTimezone(env: Env): string {
  const zone = nonEmpty(env, 'DIGEST_TZ') ?? DEFAULTS.digestTimezone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new ConfigError('DIGEST_TZ', `"${zone}" is not an IANA time zone; use e.g. Asia/Shanghai`);
  }
  return zone;
}

function parseCron(env: Env): string {
  const expression = nonEmpty(env, 'DIGEST_CRON') ?? DEFAULTS.digestCron;
  if (!cron.validate(expression)) {
    throw new ConfigError(
      'DIGEST_CRON',
      `"${expression}" is not a cron expression; use five fields "minute hour day month weekday", e.g. "0 9 * * *"`,
    );
  }
  return expression;
}

function parseGraceHours(env: Env): number {
  const raw = nonEmpty(env, 'DIGEST_GRACE_HOURS');
  if (raw === undefined) return DEFAULTS.graceHours;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0) {
    throw new ConfigError('DIGEST_GRACE_HOURS', `"${raw}" is not a number of hours; use e.g. 12 (0 turns catch-up off)`);
  }
  return hours;
}

/** What a Slack channel id looks like (`C…` public, `G…` private, `D…` direct message). */
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/**
 * Parses `C0123=四川+广东+电子病历+weekly,C0456`: channel ids, each optionally followed by `=` and
 * words joined by `+` — region names, topics and at most one cadence (instant, daily, workdays,
 * weekly or 即时, 每天, 工作日, 每周), read like the words of `/healthnews subscribe`. Only the shape
 * is checked here; the words are checked when the subscriptions are applied, naming the entry.
 *
 * @example parseDigestChannels('C0123=四川+广东+电子病历+weekly,C0456')
 * // → [{ channel: 'C0123', words: ['四川', '广东', '电子病历', 'weekly'] }, { channel: 'C0456', words: [] }]
 */
export function parseDigestChannels(raw: string | undefined): DigestChannelEntry[] {
  if (!raw?.trim()) return [];
  const seen = new Map<string, DigestChannelEntry>();
  for (const [index, entry] of raw.split(/[,，]/).entries()) {
    const item = entry.trim();
    if (!item) continue;
    const [channelPart, wordPart, extra] = item.split('=');
    const channel = channelPart!.trim();
    if (extra !== undefined || !CHANNEL_ID.test(channel)) {
      throw new ConfigError(
        'DIGEST_CHANNELS',
        `entry ${index + 1} "${item}" is not "CHANNELID" or "CHANNELID=word+word" (regions, topics, one cadence; channel ids look like C0123ABC)`,
      );
    }
    const words = (wordPart ?? '')
      .split('+')
      .map((r) => r.trim())
      .filter(Boolean);
    seen.set(channel, { channel, words });
  }
  return [...seen.values()];
}

function parseLogLevel(env: Env): Config['logLevel'] {
  const raw = (nonEmpty(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (raw === 'debug' || raw === 'info' || raw === 'warn' || raw === 'error') return raw;
  throw new ConfigError('LOG_LEVEL', `"${raw}" is not one of debug, info, warn, error`);
}

function parseSlack(env: Env, requireSlack: boolean): SlackSettings | null {
  const botToken = parseToken(env, 'SLACK_BOT_TOKEN', 'xoxb-', 'the Bot User OAuth Token from "OAuth & Permissions"');
  const appToken = parseToken(env, 'SLACK_APP_TOKEN', 'xapp-', 'an app-level token with connections:write, from "Basic Information"');
  const signingSecret = nonEmpty(env, 'SLACK_SIGNING_SECRET') ?? null;
  if (!botToken) {
    if (!requireSlack) return null;
    throw new ConfigError('SLACK_BOT_TOKEN', 'is not set; copy the Bot User OAuth Token (xoxb-…) from your app\'s "OAuth & Permissions" page into .env');
  }
  if (!appToken && !signingSecret) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'is not set; HTTP mode needs it (from "Basic Information" → App Credentials), or set SLACK_APP_TOKEN for Socket Mode',
    );
  }
  return { botToken, appToken, signingSecret, port: parsePort(env), host: parseHost(env), apiUrl: parseApiUrl(env) };
}

/**
 * Builds the settings from an environment. `requireSlack` is for `npm start` and `digest --post`;
 * the CLI's offline commands pass false and get `slack: null` when no token is set.
 *
 * @example loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, { requireSlack: true }).slack?.port // → 3000
 */
export function loadConfig(env: Env, options: { requireSlack: boolean; cwd?: string }): Readonly<Config> {
  const cwd = options.cwd ?? process.cwd();
  const config: Config = {
    seedsDir: path.resolve(cwd, nonEmpty(env, 'SEEDS_DIR') ?? DEFAULTS.seedsDir),
    dataDir: path.resolve(cwd, nonEmpty(env, 'DATA_DIR') ?? DEFAULTS.dataDir),
    databaseUrl: parseDatabaseUrl(env),
    logLevel: parseLogLevel(env),
    digest: {
      cron: parseCron(env),
      timezone: parseTimezone(env),
      graceHours: parseGraceHours(env),
      channels: parseDigestChannels(env.DIGEST_CHANNELS),
    },
    slack: parseSlack(env, options.requireSlack),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
