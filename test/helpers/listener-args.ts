// Fakes of the arguments Bolt hands a listener (ack, respond, say, client, logger, context), for
// unit tests that call a listener callback directly, as the Bolt starter template's tests do. The
// fake client answers only the Web API methods our listeners call and records every call.
import type { AllMiddlewareArgs } from '@slack/bolt';
import { vi } from 'vitest';

/** A Web API error as the SDK throws it (`error.data.error` is the code). */
export function webApiError(code: string): Error & { data: { ok: false; error: string } } {
  return Object.assign(new Error(`An API error occurred: ${code}`), { code: 'slack_webapi_platform_error', data: { ok: false as const, error: code } });
}

export interface FakeBolt {
  ack: ReturnType<typeof vi.fn>;
  /** What the listener sent through respond / say, in order. */
  responded: Array<Record<string, any>>;
  said: Array<Record<string, any>>;
  respond: (message: Record<string, any>) => Promise<void>;
  say: (message: Record<string, any>) => Promise<void>;
  /** Web API calls the listener made, as `method` and its arguments. */
  calls: Array<{ method: string; args: Record<string, any> }>;
  /** Log lines, `LEVEL message`. */
  logs: string[];
  /** The fields every listener gets from Bolt: client, logger, context, next. */
  common: AllMiddlewareArgs;
}

export interface FakeBoltOptions {
  /** Per Web API method, what it answers (or throws) instead of `{ ok: true }`. */
  api?: Record<string, (args: Record<string, any>) => unknown>;
  retryNum?: number;
}

/** Fresh fakes; pass `{ ...fake.common, ack: fake.ack, respond: fake.respond, … }` to the callback. */
export function fakeBolt(options: FakeBoltOptions = {}): FakeBolt {
  const responded: Array<Record<string, any>> = [];
  const said: Array<Record<string, any>> = [];
  const calls: Array<{ method: string; args: Record<string, any> }> = [];
  const logs: string[] = [];
  const method = (name: string) => async (args: Record<string, any>) => {
    calls.push({ method: name, args });
    const answer = options.api?.[name];
    return answer ? answer(args) : { ok: true };
  };
  const client = {
    chat: { postMessage: method('chat.postMessage'), postEphemeral: method('chat.postEphemeral') },
    views: { publish: method('views.publish'), open: method('views.open') },
    conversations: { info: method('conversations.info') },
  };
  const line = (level: string) => (...parts: unknown[]) => void logs.push(`${level} ${parts.map(String).join(' ')}`);
  const logger = { debug: line('DEBUG'), info: line('INFO'), warn: line('WARN'), error: line('ERROR'), setLevel: () => undefined, getLevel: () => 'debug', setName: () => undefined };
  return {
    ack: vi.fn(async () => undefined),
    responded,
    said,
    respond: async (message) => void responded.push(message),
    say: async (message) => void said.push(message),
    calls,
    logs,
    common: {
      client,
      logger,
      context: { ...(options.retryNum !== undefined ? { retryNum: options.retryNum } : {}) },
      next: async () => undefined,
    } as unknown as AllMiddlewareArgs,
  };
}
