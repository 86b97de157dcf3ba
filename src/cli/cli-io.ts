// What a CLI command gets from the outside world, so commands run the same in a terminal and in tests.
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
