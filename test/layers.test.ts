// The layering in STYLE.md, checked on every import in src/ (type imports included): a folder
// imports only from its own layer or lower ones. A lower layer that needs a higher one declares
// an interface (a port) the higher one implements.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.ts';

const SRC = path.join(REPO_ROOT, 'src');

/** Lowest first. Top-level modules not named here (config.ts, log.ts, atomic-file.ts, time-slices.ts) are layer 0. */
const LAYERS = ['regions', 'pages', 'search', 'corpus', 'store', 'digest', 'slack', 'cli'];
const ENTRY_POINTS = new Set(['main.ts']);

function layerOf(file: string): number {
  const [top] = path.relative(SRC, file).split(path.sep);
  if (ENTRY_POINTS.has(top!)) return LAYERS.length + 1;
  const at = LAYERS.indexOf(top!);
  return at < 0 ? 0 : at + 1;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Upward imports of the digest half of issue 10 (branch issue-10a), which moves them behind ports; delete each once gone. */
const KNOWN_UPWARD = new Set([
  'digest/digest-run.ts → slack/blocks/digest-blocks.ts',
  'digest/digest-run.ts → slack/post-digest.ts',
  'digest/digest-service.ts → slack/post-digest.ts',
  'digest/select-articles.ts → slack/blocks/digest-blocks.ts',
  'digest/subscription-service.ts → slack/blocks/subscriptions-blocks.ts',
]);

describe('layers', () => {
  it('no module imports from a layer above its own', () => {
    const upward: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) {
        const target = path.resolve(path.dirname(file), specifier!);
        if (layerOf(target) > layerOf(file)) upward.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      }
    }
    expect(upward.filter((edge) => !KNOWN_UPWARD.has(edge))).toEqual([]);
  });

  it('knows every folder of src/', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });
});
