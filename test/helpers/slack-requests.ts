// Builds requests the way Slack sends them: payloads in Slack's documented shapes (from the JSON
// fixtures in test/fixtures/slack/) and the v0 HMAC-SHA256 signature over `v0:{ts}:{raw body}`.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SIGNING_SECRET = 'test-signing-secret-8f3a2c91d4';
export const BOT_USER_ID = 'U0BOT';
export const BOT_ID = 'B0BOT';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'slack');

/** A fresh copy of a JSON fixture from test/fixtures/slack/. */
export function slackFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

/** `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{rawBody}`), as Slack signs requests. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignedRequest {
  rawBody: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
}

/** A slash command, form-encoded, with `text` and any field overridden. */
export function slashCommand(text: string, overrides: Record<string, string> = {}): SignedRequest {
  const fields = { ...slackFixture<Record<string, string>>('slash-command.json'), text, ...overrides };
  return { rawBody: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface MentionOptions {
  text: string;
  eventId?: string;
  ts?: string;
  threadTs?: string;
  channel?: string;
}

/** An `event_callback` carrying an `app_mention`, as JSON. */
export function appMention(options: MentionOptions): SignedRequest {
  const body = slackFixture<{ event: Record<string, unknown>; event_id: string }>('app-mention.json');
  body.event.text = options.text;
  if (options.ts) body.event.ts = options.ts;
  if (options.threadTs) body.event.thread_ts = options.threadTs;
  if (options.channel) body.event.channel = options.channel;
  if (options.eventId) body.event_id = options.eventId;
  return { rawBody: JSON.stringify(body), contentType: 'application/json' };
}

/** An `event_callback` carrying an `app_home_opened` (someone opened the app's Home or Messages tab), as JSON. */
export function appHomeOpened(options: { user?: string; tab?: 'home' | 'messages'; eventId?: string } = {}): SignedRequest {
  const body = slackFixture<{ event: Record<string, unknown>; event_id: string }>('app-home-opened.json');
  if (options.user) body.event.user = options.user;
  if (options.tab) body.event.tab = options.tab;
  if (options.eventId) body.event_id = options.eventId;
  return { rawBody: JSON.stringify(body), contentType: 'application/json' };
}

export interface ButtonClick {
  actionId: string;
  value: string;
  /** The clicked message is the ephemeral answer (default) or a message in the channel. */
  ephemeral?: boolean;
  responseUrl?: string;
  userId?: string;
}

/** A `block_actions` click on a button, form-encoded as `payload=…`. */
export function blockAction(click: ButtonClick): SignedRequest {
  const body = slackFixture<Record<string, any>>('block-actions.json');
  body.actions[0].action_id = click.actionId;
  body.actions[0].value = click.value;
  body.container.is_ephemeral = click.ephemeral ?? true;
  if (click.responseUrl) body.response_url = click.responseUrl;
  if (click.userId) body.user.id = click.userId;
  return { rawBody: new URLSearchParams({ payload: JSON.stringify(body) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** A `view_submission` of a modal, form-encoded as `payload=…`: Slack sends `view.state.values` keyed by block id, then action id. */
export function viewSubmission(submission: {
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
  userId?: string;
}): SignedRequest {
  const body = slackFixture<Record<string, any>>('view-submission.json');
  body.view.callback_id = submission.callbackId;
  body.view.private_metadata = submission.privateMetadata;
  body.view.state.values = submission.values;
  if (submission.userId) body.user.id = submission.userId;
  return { rawBody: new URLSearchParams({ payload: JSON.stringify(body) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface PostOptions {
  secret?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Overrides the computed signature (forgeries). */
  signature?: string;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  body: string;
  /** Milliseconds until the response arrived. */
  ms: number;
  /** When the response arrived (Date.now() of the process that read it). */
  receivedAt?: number;
}

/** POSTs a signed request to the app's `/slack/events` endpoint. */
export async function postToSlackEndpoint(baseUrl: string, request: SignedRequest, options: PostOptions = {}): Promise<PostResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? slackSignature(options.secret ?? SIGNING_SECRET, timestamp, request.rawBody);
  const started = performance.now();
  const response = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': request.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...options.headers,
    },
    body: request.rawBody,
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

/**
 * Like `postToSlackEndpoint`, but sent from a separate Node process, so the timing is what Slack
 * would see even while the app's process is busy (an in-process client could not read the
 * response until the app's event loop is free again).
 */
export async function postFromAnotherProcess(baseUrl: string, request: SignedRequest): Promise<PostResult> {
  const { execFile } = await import('node:child_process');
  const timestamp = Math.floor(Date.now() / 1000);
  const script = `
    const started = performance.now();
    const r = await fetch(process.env.URL, { method: 'POST', body: process.env.BODY, headers: JSON.parse(process.env.HEADERS) });
    const body = await r.text();
    console.log(JSON.stringify({ status: r.status, body, ms: performance.now() - started, receivedAt: Date.now() }));`;
  const headers = {
    'content-type': request.contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, request.rawBody),
  };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env: { ...process.env, URL: `${baseUrl}/slack/events`, BODY: request.rawBody, HEADERS: JSON.stringify(headers) } },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as PostResult)),
    );
  });
}
