// Logging for the bot and CLI: one line per event on stderr, at a chosen level, with anything that
// looks like a Slack token or signing secret blanked out first. Implements Bolt's Logger shape so
// Bolt and our code log the same way.
import { LogLevel, type Logger } from '@slack/bolt';

const SECRET_PATTERNS = [/\bxox[abposr]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g];
const extraSecrets = new Set<string>();

/** Registers a secret value (the signing secret has no recognisable prefix) to be blanked in every log line. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 6) extraSecrets.add(value);
}

/** Replaces tokens and registered secrets in `text` with `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
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
