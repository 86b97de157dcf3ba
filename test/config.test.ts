// Settings from the environment: where the HTTP server listens.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

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
