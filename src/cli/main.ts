// The `healthnews` command: picks the subcommand and hands it the rest of the arguments.
import { digestCommand } from './digest-command.ts';
import { parseCommand } from './parse-command.ts';
import { searchCommand } from './search-command.ts';
import { EXIT, type CliCommand, type CliIO } from './cli-io.ts';
import { ConfigError, readEnvironment } from '../config.ts';
import { PagesNotFoundError } from '../pages/read-pages.ts';
import { StateDatabaseError } from '../store/database.ts';
import { redactSecrets } from '../log.ts';

const COMMANDS: Record<string, { run: CliCommand; summary: string }> = {
  search: { run: searchCommand, summary: '搜索新闻 / search the news: healthnews search 四川 居民健康卡' },
  parse: { run: parseCommand, summary: 'read pages, count articles per region, list problems' },
  digest: { run: digestCommand, summary: 'preview (--dry-run) or post (--post) the daily digest' },
};

export const USAGE = `Usage: healthnews <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`)
  .join('\n')}

Run "healthnews <command> --help" for a command's options.
Pages are read from --seeds DIR, else SEEDS_DIR, else ./seeds.`;

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${USAGE}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`healthnews: unknown command "${name}"\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // Settings, state folder and missing pages already explain themselves in one line.
    if (error instanceof ConfigError || error instanceof StateDatabaseError || error instanceof PagesNotFoundError) {
      io.stderr(`healthnews ${name}: ${redactSecrets(error.message)}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}

/** Entry for bin/healthnews.js: real process I/O, `.env` loaded, exit code set. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const io: CliIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: readEnvironment(),
    cwd: process.cwd(),
  };
  try {
    process.exitCode = await runCli(argv, io);
  } catch (error) {
    // Commands report expected failures themselves; this is the last line of defence.
    io.stderr(`healthnews: ${redactSecrets(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = EXIT.failed;
  }
}
