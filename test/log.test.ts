// The logger every part of the bot (and Bolt) writes through: levels filter, secrets never pass.
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets, registerSecret } from '../src/log.ts';

describe('redactSecrets', () => {
  it('blanks tokens and registered secrets', () => {
    registerSecret('sig-secret-123456');
    expect(redactSecrets('xoxb-1-abc xapp-1-A0-2-def sig-secret-123456')).toBe('[redacted] [redacted] [redacted]');
  });

  it('blanks the password of a PostgreSQL URL and keeps where it points', () => {
    expect(redactSecrets('connecting to postgres://bot:pa%40ss@db.internal:5432/healthnews')).toBe(
      'connecting to postgres://bot:[redacted]@db.internal:5432/healthnews',
    );
    expect(redactSecrets('postgresql://bot@db/healthnews')).toBe('postgresql://bot@db/healthnews');
  });

  it('blanks the Socket Mode ticket but keeps the rest of the URL readable', () => {
    expect(redactSecrets('url: wss://wss-primary.slack.com/link/?ticket=1a2b-3c4d&app_id=A0001')).toBe(
      'url: wss://wss-primary.slack.com/link/?ticket=[redacted]&app_id=A0001',
    );
  });

  it('blanks the verification token and response_url of a JSON payload, escaped slashes included', () => {
    const line = '{"token":"gIkuvaNzQIHg97ATvDxqgjtO","team_id":"T1","response_url":"https:\\/\\/hooks.slack.com\\/commands\\/T1\\/1\\/x","text":"四川"}';
    expect(redactSecrets(line)).toBe('{"token":"[redacted]","team_id":"T1","response_url":"[redacted]","text":"四川"}');
  });

  it('blanks them in a form-encoded body and a response_url quoted on its own', () => {
    expect(redactSecrets('token=gIku&team_id=T1&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1')).toBe(
      'token=[redacted]&team_id=T1&response_url=[redacted]',
    );
    expect(redactSecrets('POST https://hooks.slack.com/actions/T1/2/xyz failed')).toBe('POST https://hooks.slack.com/[redacted] failed');
  });
});

describe('createLogger', () => {
  it.each([
    ['debug', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['info', ['INFO', 'WARN', 'ERROR']],
    ['warn', ['WARN', 'ERROR']],
    ['error', ['ERROR']],
  ] as const)('at %s writes %j', (level, shown) => {
    const lines: string[] = [];
    const logger = createLogger(level, (line) => lines.push(line));
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((line) => line.split(' ')[1])).toEqual(shown);
    expect(logger.getLevel()).toBe(level as LogLevel);
  });
});
