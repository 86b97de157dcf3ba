// The layering of ../shared/STYLE.md, checked on every import in src/ (type imports included):
// config.ts/log.ts → regions/ → pages/ → search/ → corpus/ → store/ → digest/ → slack/ → cli/, main.ts.
// A folder imports only from its own layer or lower ones; where a lower layer needs something done
// by a higher one it declares a port and the higher one implements it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.ts';

const SRC = path.join(REPO_ROOT, 'src');

/** Lowest first. Files directly in src/ other than main.ts (config, log, atomic-file, time-slices) are the bottom layer. */
const LAYERS = ['(root)', 'regions', 'pages', 'search', 'corpus', 'store', 'digest', 'slack', 'cli'] as const;

/** Imports that break the order (none today); the test below fails on an entry that no longer occurs, so it cannot go stale. */
const KNOWN_EXCEPTIONS: ReadonlySet<string> = new Set<string>([]);

function layerOf(file: string): number {
  const relative = path.relative(SRC, file).split(path.sep);
  if (relative.length === 1) return relative[0] === 'main.ts' ? LAYERS.indexOf('cli') : 0;
  const layer = LAYERS.indexOf(relative[0] as (typeof LAYERS)[number]);
  if (layer < 0) throw new Error(`src/${relative[0]}/ has no place in the layer order; add it to LAYERS here and to ../shared/STYLE.md`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative module a file names: `import … from`, `export … from`, `import('…')`. */
function importedPaths(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
  return specifiers.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s));
}

/** `importer → imported` for every import in src/ that goes to a higher layer. */
function upwardImports(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const imported of importedPaths(file)) {
      if (!imported.startsWith(SRC + path.sep)) continue;
      if (layerOf(imported) > layerOf(file)) found.push(`${path.relative(SRC, file)} → ${path.relative(SRC, imported)}`.split(path.sep).join('/'));
    }
  }
  return found.sort();
}

describe('layers', () => {
  it('sees imports of every kind (the checker itself works)', () => {
    const digestRun = path.join(SRC, 'digest', 'digest-run.ts');
    expect(importedPaths(digestRun)).toContain(path.join(SRC, 'store', 'delivery-store.ts')); // an `import type`
    expect(importedPaths(path.join(SRC, 'main.ts'))).toContain(path.join(SRC, 'slack', 'app.ts'));
    expect(layerOf(path.join(SRC, 'config.ts'))).toBeLessThan(layerOf(path.join(SRC, 'regions', 'gazetteer.ts')));
    expect(layerOf(path.join(SRC, 'slack', 'blocks', 'message.ts'))).toBe(layerOf(path.join(SRC, 'slack', 'app.ts')));
  });

  it('no file in src/ imports from a higher layer, values or types', () => {
    const upward = upwardImports();
    expect(upward.filter((edge) => !KNOWN_EXCEPTIONS.has(edge))).toEqual([]);
  });

  it('every known exception still occurs (remove the ones that were fixed)', () => {
    const upward = new Set(upwardImports());
    expect([...KNOWN_EXCEPTIONS].filter((edge) => !upward.has(edge))).toEqual([]);
  });
});
