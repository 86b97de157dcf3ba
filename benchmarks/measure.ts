// The few measuring tools every benchmark shares: percentiles over timings, a process's peak RSS
// from /proc, and command-line flags. Kept apart so each bench reports figures the same way.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './generate-corpus.ts';
import { readFileSync } from 'node:fs';

/** p50/p99 (and count, mean, max) of a list of milliseconds, nearest-rank method. */
export interface Percentiles {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/**
 * Nearest-rank percentiles: the value below which `p`% of samples fall, always an observed sample
 * (no interpolation, so a p99 over 200 samples is the second-largest, not a blend).
 *
 * @example percentiles([3, 1, 2]).p50 // → 2
 */
export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { n: 0, p50: Number.NaN, p99: Number.NaN, mean: Number.NaN, max: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { n: sorted.length, p50: round(rank(50)), p99: round(rank(99)), mean: round(mean), max: round(sorted[sorted.length - 1]!) };
}

/** Rounds to 3 significant decimals for milliseconds shown in tables and JSON. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Peak resident set size of a process in MiB, from `VmHWM` in `/proc/<pid>/status` (Linux only;
 * null elsewhere or when the process is gone). The kernel tracks the high-water mark itself, so no
 * sampling can miss a short spike.
 */
export function peakRssMiB(pid: number | 'self' = 'self'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? round(Number(match[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

/** Reads `--name value` / `--name=value` / `--flag` from argv. */
export function flag(args: readonly string[], name: string): string | true | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === `--${name}`) {
      const next = args[i + 1];
      return next !== undefined && !next.startsWith('--') ? next : true;
    }
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

/** A numeric flag, or `fallback`; throws a clear error for a value that is not a number. */
export function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const value = flag(args, name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value === true || !Number.isFinite(number)) throw new Error(`--${name} needs a number, got ${JSON.stringify(value)}`);
  return number;
}

/** A promise that resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `benchmarks/<script>` in a child process (with `nodeArgs` such as --expose-gc); its last stdout line is the JSON result. */
export function runChild<T>(script: string, args: string[], nodeArgs: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', `benchmarks/${script}`, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`benchmarks/${script} exited with ${code}; output: ${out.slice(-500)}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}
