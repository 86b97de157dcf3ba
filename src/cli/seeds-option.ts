// Where the CLI reads pages from (--seeds DIR, else SEEDS_DIR, else ./seeds) and how it says so
// when that folder is missing.
import path from 'node:path';
import { PagesNotFoundError, readPages, type Corpus } from '../pages/read-pages.ts';
import { loadConfig } from '../config.ts';
import type { CliIO } from './cli-io.ts';

/** The pages folder the command should read: --seeds wins, else the settings' SEEDS_DIR (default ./seeds). */
export function seedsDirFor(option: string | undefined, io: CliIO): string {
  if (option !== undefined) return path.resolve(io.cwd, option);
  return loadConfig(io.env, { requireSlack: false, cwd: io.cwd }).seedsDir;
}

/**
 * Reads the pages, or writes one clear line and returns null when an input is missing.
 * Problems inside pages are not fatal: the caller decides how loudly to show them.
 */
export async function readCorpusOrExplain(inputs: string[], io: CliIO, command: string): Promise<Corpus | null> {
  try {
    return await readPages(inputs);
  } catch (error) {
    if (!(error instanceof PagesNotFoundError)) throw error;
    io.stderr(`healthnews ${command}: ${error.message}\n`);
    return null;
  }
}
