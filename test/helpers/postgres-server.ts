// A throwaway PostgreSQL server for tests: `initdb` into a temporary folder, `pg_ctl start` on a
// free loopback port, one fresh database per test file, and everything stopped and deleted after.
// A real server, because what the PostgreSQL store promises (row locks, advisory locks, two pools
// racing for one row, a connection dropped mid-write) is exactly what an imitation gets wrong.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Why no server could be had (no binaries, initdb failed, …): tests that need one are skipped with it. */
export class PostgresUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresUnavailableError';
  }
}

/** Where PostgreSQL's server binaries are looked for, newest version first within each pattern. */
function candidateBinDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.POSTGRES_BIN) dirs.push(process.env.POSTGRES_BIN);
  // Debian/Ubuntu: /usr/lib/postgresql/<major>/bin; RHEL/Fedora (PGDG): /usr/pgsql-<major>/bin.
  const versioned = (parent: string, match: RegExp, bin: (name: string) => string) => {
    try {
      return fs
        .readdirSync(parent)
        .filter((name) => match.test(name))
        .sort((a, b) => Number(b.replace(/\D/g, '')) - Number(a.replace(/\D/g, '')))
        .map((name) => bin(path.join(parent, name)));
    } catch {
      return [];
    }
  };
  dirs.push(...versioned('/usr/lib/postgresql', /^\d+$/, (dir) => path.join(dir, 'bin')));
  dirs.push(...versioned('/usr', /^pgsql-\d+$/, (dir) => path.join(dir, 'bin')));
  dirs.push('/usr/local/pgsql/bin', '/opt/homebrew/bin', '/usr/local/bin');
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) dirs.push(dir);
  return dirs;
}

/**
 * The folder holding `initdb`, `pg_ctl` and `postgres`, or null when PostgreSQL's server is not
 * installed (`.ci/run` installs Debian's `postgresql` package in that case).
 */
export function findPostgresBinDir(): string | null {
  for (const dir of candidateBinDirs()) {
    if (['initdb', 'pg_ctl', 'postgres'].every((bin) => isExecutable(path.join(dir, bin)))) return dir;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** initdb refuses to run as root: as root, the server runs as the `postgres` user the package creates. */
function serverUser(): { uid: number; gid: number; wrap: (argv: string[]) => string[] } | null {
  if (process.getuid?.() !== 0) return null;
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new PostgresUnavailableError('running as root and there is no `postgres` user to run initdb as (initdb refuses root)');
  }
  const hasRunuser = spawnSync('runuser', ['--help'], { stdio: 'ignore' }).status === 0;
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  return {
    uid,
    gid,
    wrap: (argv) => (hasRunuser ? ['runuser', '-u', 'postgres', '--', ...argv] : ['su', 'postgres', '-s', '/bin/sh', '-c', argv.map(quote).join(' ')]),
  };
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates a fresh, empty database on the server behind `maintenanceUrl` and returns its URL.
 *
 * @example const url = await createDatabase('postgres://postgres@127.0.0.1:5432/postgres');
 */
export async function createDatabase(maintenanceUrl: string): Promise<string> {
  const name = `healthnews_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface PostgresServer {
  readonly port: number;
  /** A connection URL for `database` (default: the maintenance database `postgres`). */
  url(database?: string): string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server abruptly (as a crash would) and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server and deletes its folder. Safe to call twice. */
  stop(): void;
}

/**
 * Starts a PostgreSQL server of its own in a temporary folder, listening only on 127.0.0.1 at a free
 * port, with `trust` authentication and fsync off (a test server: speed over power-loss
 * safety). Throws {@link PostgresUnavailableError} naming the reason when none can be started; the
 * folder is removed in that case too.
 *
 * @example const server = await startPostgresServer(); const url = await server.createDatabase(); … server.stop();
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const binDir = findPostgresBinDir();
  if (!binDir) {
    throw new PostgresUnavailableError(
      'PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin or PATH; install Debian\'s `postgresql` package (as .ci/run does) or set POSTGRES_BIN',
    );
  }
  const user = serverUser();
  // As root, TMPDIR may sit under /root, which the postgres user cannot enter: /tmp it can.
  const root = fs.mkdtempSync(path.join(user ? '/tmp' : os.tmpdir(), 'healthnews-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  if (user) fs.chownSync(root, user.uid, user.gid);
  const run = (bin: string, args: string[]) => {
    const argv = [path.join(binDir, bin), ...args];
    const [command, ...rest] = user ? user.wrap(argv) : argv;
    // cwd: the server user must be able to enter it (root's cwd often is not).
    const result = spawnSync(command!, rest, { cwd: root, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
      throw new PostgresUnavailableError(`${bin} ${args[0] ?? ''} failed (exit ${result.status}): ${output.split('\n').slice(-5).join(' | ')}`);
    }
  };
  let started = false;
  let stopped = false;
  let port = await freeLoopbackPort();
  const options = () => [
    `-p ${port}`,
    `-k ${root}`, // the Unix socket in our own folder, not /var/run/postgresql
    '-c listen_addresses=127.0.0.1',
    // fsync off: a test server needs no protection from power loss. synchronous_commit stays on, so
    // a commit survives the `restart()` (an immediate stop, as a crash would be).
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  const start = () => {
    run('pg_ctl', ['start', '-w', '-s', '-t', '30', '-D', dataDir, '-l', logFile, '-o', options()]);
    started = true;
  };
  const halt = () => {
    if (started) {
      try {
        run('pg_ctl', ['stop', '-s', '-m', 'immediate', '-D', dataDir]);
      } catch {
        // Already down (a test stopped it, or it crashed): nothing to stop.
      }
      started = false;
    }
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    halt();
    fs.rmSync(root, { recursive: true, force: true });
    process.removeListener('exit', stop);
  };
  // A test run that dies without its teardown must not leave a server behind.
  process.on('exit', stop);
  try {
    run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // The free port can be taken by another process before the server binds it: try another.
    for (let tries = 1; ; tries++) {
      try {
        start();
        break;
      } catch (error) {
        if (tries >= 3) throw error;
        port = await freeLoopbackPort();
      }
    }
  } catch (error) {
    stop();
    throw error;
  }
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    get port() {
      return port;
    },
    url,
    createDatabase: () => createDatabase(url()),
    async restart({ downMs = 0 } = {}) {
      halt();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      start();
    },
    stop,
  };
}
