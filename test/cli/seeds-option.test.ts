import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.ts';
import { readCorpusOrExplain, seedsDirFor } from '../../src/cli/seeds-option.ts';
import { SEEDS_DIR } from '../helpers/paths.ts';

function io(env: Record<string, string> = {}) {
  let stderr = '';
  const out: CliIO = { stdout: () => undefined, stderr: (t) => void (stderr += t), env, cwd: '/work/here' };
  return { out, stderr: () => stderr };
}

describe('seedsDirFor', () => {
  it('takes --seeds relative to the working folder, else SEEDS_DIR from the settings', () => {
    expect(seedsDirFor('pages', io().out)).toBe(path.resolve('/work/here', 'pages'));
    expect(seedsDirFor(undefined, io({ SEEDS_DIR: '/data/pages' }).out)).toBe('/data/pages');
  });
});

describe('readCorpusOrExplain', () => {
  it('reads the pages', async () => {
    const corpus = await readCorpusOrExplain([SEEDS_DIR], io().out, 'search');
    expect(corpus?.articles.length).toBeGreaterThan(0);
  });

  it('says which folder is missing, under the command\'s name, and returns null', async () => {
    const { out, stderr } = io();
    expect(await readCorpusOrExplain(['/nonexistent/pages'], out, 'search')).toBeNull();
    expect(stderr()).toMatch(/^healthnews search: news pages not found/);
    expect(stderr()).toContain('/nonexistent/pages');
  });
});
