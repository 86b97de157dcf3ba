// What a CLI command gets from the outside world, so commands run the same in a terminal and in tests.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Env } from '../config.ts';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
  cwd: string;
}

/** A command: takes its own arguments (after the subcommand name), returns the exit code. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Exit codes: 0 ok, 1 failed (missing folder, bad settings), 2 usage error (unknown flag). */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2 });

/**
 * Parses a command's arguments strictly. An unknown flag or a missing value is written to stderr
 * with the command's usage, and the result is null (the command then exits with EXIT.usage).
 *
 * @example const parsed = parseCommandArgs('search', SEARCH_USAGE, { args, allowPositionals: true, options: { json: { type: 'boolean' } } }, io);
 */
export function parseCommandArgs<T extends ParseArgsConfig>(command: string, usage: string, config: T, io: CliIO): ReturnType<typeof parseArgs<T>> | null {
  try {
    return parseArgs(config); // strict unless the config says otherwise: unknown flags are errors
  } catch (error) {
    io.stderr(`healthnews ${command}: ${(error as Error).message}\n\n${usage}\n`);
    return null;
  }
}
