// Runs the CLI in-process with captured output, as a terminal would see it.
import path from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import type { Env } from '../../src/config.ts';

export const repoRoot = path.resolve(__dirname, '../..');

export async function runHealthnews(args: string[], env: Env = {}, cwd = repoRoot) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    cwd,
  });
  return { code, stdout, stderr };
}
