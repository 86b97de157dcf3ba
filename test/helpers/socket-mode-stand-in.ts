// A local stand-in for Slack's Socket Mode: `apps.connections.open` over HTTP and the WebSocket
// it hands out, both on 127.0.0.1. Speaks the protocol as Slack documents it: `hello` on connect,
// envelopes `{ envelope_id, type, payload, accepts_response_payload }` handed to ONE open
// connection of the app (round robin), acks `{ envelope_id, payload? }`, and `disconnect`
// (`refresh_requested`) after which that connection gets no more envelopes. Tests can also break
// a connection without a close frame and make `apps.connections.open` fail.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Ack {
  envelopeId: string;
  payload: unknown;
  /** Milliseconds from sending the envelope (or from queueing it while no connection was open) to its ack. */
  ms: number;
  /** Which connection (1-based, in order of opening) carried it. */
  connection: number;
}

interface Connection {
  id: number;
  socket: WebSocket;
  /** Sent `disconnect`: Slack hands it no more envelopes. */
  draining: boolean;
}

export interface SocketModeStandIn {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  apiUrl: string;
  /** Connections that are open and not asked to reconnect. */
  readonly live: number;
  /** How many connections were opened so far. */
  readonly opened: number;
  /** Every `apps.connections.open` call's Authorization header, in order. */
  readonly authorizations: string[];
  /**
   * Hands an envelope to one live connection (waiting for one if none is) and resolves with its ack,
   * or rejects after `timeoutMs`.
   */
  send(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, timeoutMs?: number): Promise<Ack>;
  /** Sends `disconnect` (refresh_requested) to the oldest live connection, as Slack does routinely. */
  refresh(): void;
  /**
   * Hands an envelope to the oldest live connection and, right behind it, that connection's
   * `disconnect`: the envelope must still be acked on the connection being replaced.
   */
  sendThenRefresh(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, timeoutMs?: number): Promise<Ack>;
  /** Destroys the oldest live connection's TCP socket: no close frame, as when a network path breaks. */
  dropAbruptly(): void;
  /** The next `apps.connections.open` calls answer `{ ok: false, error }` (or HTTP 500 for 'http_500'). */
  failOpens(error: string, times?: number): void;
  /** Answers `apps.connections.open` normally again. */
  clearFailures(): void;
  /** Resolves once `count` connections are live. */
  waitForLive(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the stand-in on a free port. */
export async function startSocketModeStandIn(): Promise<SocketModeStandIn> {
  const connections: Connection[] = [];
  const authorizations: string[] = [];
  const failures: string[] = [];
  const waitingForAck = new Map<string, (ack: { payload: unknown; connection: number }) => void>();
  const queued: Array<() => void> = [];
  let opened = 0;
  let turn = 0;

  const live = () => connections.filter((c) => !c.draining && c.socket.readyState === c.socket.OPEN);
  const wake = () => {
    while (queued.length > 0 && live().length > 0) queued.shift()!();
  };

  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/auth.test') {
        // For the app run as its own process, which checks its bot token first.
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0001' }));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/api/apps.connections.open') {
        res.writeHead(404).end();
        return;
      }
      authorizations.push(String(req.headers.authorization ?? ''));
      const failure = failures.shift();
      if (failure === 'http_500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream error');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (failure) {
        res.end(JSON.stringify({ ok: false, error: failure }));
        return;
      }
      const { port } = server.address() as AddressInfo;
      res.end(JSON.stringify({ ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=A0001` }));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    const connection: Connection = { id: ++opened, socket, draining: false };
    connections.push(connection);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) waitingForAck.get(message.envelope_id)?.({ payload: message.payload, connection: connection.id });
    });
    socket.on('close', () => {
      connections.splice(connections.indexOf(connection), 1);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: connections.length,
        debug_info: { host: 'applink-stand-in', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0001' },
      }),
    );
    // After the hello, so a connection counts as live only once the client can take envelopes.
    setImmediate(wake);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const oldestLive = (): Connection => {
    const connection = live()[0];
    if (!connection) throw new Error('no live Socket Mode connection');
    return connection;
  };

  const askToReconnect = (connection: Connection) => {
    connection.draining = true;
    connection.socket.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'applink-stand-in' } }));
  };

  /** Sends an envelope on `to` (or the next live connection, waiting for one) and resolves with its ack. */
  const deliverEnvelope = (type: string, payload: Record<string, unknown>, timeoutMs: number, to: Connection | null): Promise<Ack> => {
    const envelopeId = randomUUID();
    const queuedAt = Date.now();
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        waitingForAck.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} (${type}) not acked within ${timeoutMs} ms`));
      }, timeoutMs);
      waitingForAck.set(envelopeId, ({ payload: ackPayload, connection }) => {
        clearTimeout(timer);
        waitingForAck.delete(envelopeId);
        resolve({ envelopeId, payload: ackPayload, ms: Date.now() - queuedAt, connection });
      });
      const deliver = () => {
        const open = live();
        const connection = to ?? open[turn++ % open.length]!;
        connection.socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
      };
      if (to || live().length > 0) deliver();
      else queued.push(deliver);
    });
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    get live() {
      return live().length;
    },
    get opened() {
      return opened;
    },
    authorizations,
    send(type, payload, timeoutMs = 5000) {
      return deliverEnvelope(type, payload, timeoutMs, null);
    },
    sendThenRefresh(type, payload, timeoutMs = 5000) {
      const connection = oldestLive();
      const acked = deliverEnvelope(type, payload, timeoutMs, connection);
      askToReconnect(connection);
      return acked;
    },
    refresh() {
      askToReconnect(oldestLive());
    },
    dropAbruptly() {
      oldestLive().socket.terminate();
    },
    failOpens(error, times = 1) {
      for (let i = 0; i < times; i++) failures.push(error);
    },
    clearFailures() {
      failures.length = 0;
    },
    async waitForLive(count, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (live().length < count) {
        if (Date.now() > until) throw new Error(`${live().length} live connection(s), wanted ${count}, after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      for (const connection of connections) connection.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
