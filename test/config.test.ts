// Settings from the environment: where the HTTP server listens, where the state lives.
import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl, loadConfig } from '../src/config.ts';

const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-1-test', SLACK_SIGNING_SECRET: 'secret' };

describe('HOST and PORT', () => {
  it('listens on every interface, port 3000, unless told otherwise', () => {
    const slack = loadConfig(slackEnv, { requireSlack: true }).slack!;
    expect(slack.host).toBeNull();
    expect(slack.port).toBe(3000);
  });

  it('takes an IP address or host name, and PORT=0 for any free port', () => {
    expect(loadConfig({ ...slackEnv, HOST: '127.0.0.1', PORT: '0' }, { requireSlack: true }).slack).toMatchObject({ host: '127.0.0.1', port: 0 });
    expect(loadConfig({ ...slackEnv, HOST: '[::1]' }, { requireSlack: true }).slack!.host).toBe('::1');
    expect(loadConfig({ ...slackEnv, HOST: 'localhost' }, { requireSlack: true }).slack!.host).toBe('localhost');
  });

  it('names HOST and the fix when it is not a host', () => {
    expect(() => loadConfig({ ...slackEnv, HOST: 'http://0.0.0.0:3000' }, { requireSlack: true })).toThrow(/^HOST: "http:\/\/0\.0\.0\.0:3000" is not a host name or IP address; use e\.g\. 0\.0\.0\.0/);
  });
});

describe('DATABASE_URL', () => {
  it('keeps the state in SQLite under DATA_DIR when unset', () => {
    expect(loadConfig({}, { requireSlack: false }).databaseUrl).toBeNull();
    expect(loadConfig({ DATABASE_URL: '  ' }, { requireSlack: false }).databaseUrl).toBeNull();
  });

  it('takes a postgres:// or postgresql:// URL as written', () => {
    const url = 'postgresql://bot:s3cret@db.internal:6432/healthnews?sslmode=require';
    expect(loadConfig({ DATABASE_URL: url }, { requireSlack: false }).databaseUrl).toBe(url);
  });

  it('names DATABASE_URL and the form to use when it is not a PostgreSQL URL, never echoing the value', () => {
    for (const value of ['host=db user=bot password=s3cret-pass', 'mysql://bot:s3cret-pass@db/healthnews']) {
      let message = '';
      try {
        loadConfig({ DATABASE_URL: value }, { requireSlack: false });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^DATABASE_URL: .*write it as postgres:\/\/user:password@host:5432\/database/);
      expect(message).not.toContain('s3cret');
    }
  });

  it('is described for log lines without its password', () => {
    expect(describeDatabaseUrl('postgresql://bot:pw@db.internal/healthnews?sslmode=require')).toBe('postgres://bot@db.internal:5432/healthnews');
    expect(describeDatabaseUrl('postgres://db.internal:6432/hn')).toBe('postgres://db.internal:6432/hn');
  });
});
