// Logging for the bot and CLI: one line per event on stderr, at a chosen level, with anything that
// looks like a secret blanked out first: Slack tokens, the signing secret, and what Bolt and the
// Socket Mode library print at debug (the connection ticket URL, the verification token in every
// payload, response_urls, which let anyone post as the app for 30 minutes). Implements Bolt's
// Logger shape so Bolt and our code log the same way.
import { LogLevel, type Logger } from '@slack/bolt';

/** Each pattern's match is replaced by its first group (if any) followed by `[redacted]`. */
const SECRET_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  // The Socket Mode URL: `wss://…/link/?ticket=…&app_id=…` (the ticket opens a connection as the app).
  /([?&]ticket=)[^&\s"'\\]+/g,
  // JSON payloads: `"token":"…"` (the verification token), `"response_url":"https:\/\/hooks…"`, and
  // any other field whose name ends in token or secret.
  /("(?:[a-z_]*token|[a-z_]*secret|response_url)"\s*:\s*")(?:[^"\\]|\\.)*(?=")/gi,
  // Form-encoded payloads (HTTP mode): `token=…&…&response_url=https%3A%2F%2Fhooks…`.
  /((?:^|[?&\s])(?:token|response_url)=)[^&\s"']+/g,
  // A response_url quoted anywhere else.
  /(hooks\.slack\.com(?:\\?\/))[^\s"'<>]+/g,
  // The password in a PostgreSQL URL (DATABASE_URL): `postgres://user:password@host`.
  /(postgres(?:ql)?:\/\/[^:/?#\s@]*:)[^@\s/]+(?=@)/g,
];
const extraSecrets = new Set<string>();

/** Registers a secret value (the signing secret has no recognisable prefix) to be blanked in every log line. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 6) extraSecrets.add(value);
}

/** Replaces tokens and registered secrets in `text` with `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (_match, kept?: unknown) => `${typeof kept === 'string' ? kept : ''}[redacted]`);
  for (const secret of extraSecrets) out = out.split(secret).join('[redacted]');
  return out;
}

function render(part: unknown): string {
  if (part instanceof Error) return part.stack ?? `${part.name}: ${part.message}`;
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** A Bolt-compatible logger writing redacted lines to `sink` (stderr by default). */
export function createLogger(
  level: 'debug' | 'info' | 'warn' | 'error' = 'info',
  sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  let current = level as LogLevel;
  let name = 'healthnews';
  const emit = (at: LogLevel, parts: unknown[]) => {
    if (ORDER[at] < ORDER[current]) return;
    const text = redactSecrets(parts.map(render).join(' '));
    sink(`${new Date().toISOString()} ${at.toUpperCase()} [${name}] ${text}`);
  };
  return {
    debug: (...parts: unknown[]) => emit(LogLevel.DEBUG, parts),
    info: (...parts: unknown[]) => emit(LogLevel.INFO, parts),
    warn: (...parts: unknown[]) => emit(LogLevel.WARN, parts),
    error: (...parts: unknown[]) => emit(LogLevel.ERROR, parts),
    setLevel: (next: LogLevel) => {
      current = next;
    },
    getLevel: () => current,
    setName: (next: string) => {
      name = next;
    },
  };
}
