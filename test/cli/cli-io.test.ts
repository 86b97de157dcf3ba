import { describe, expect, it } from 'vitest';
import { EXIT, parseCommandArgs, type CliIO } from '../../src/cli/cli-io.ts';

function io() {
  let stderr = '';
  const out: CliIO = { stdout: () => undefined, stderr: (t) => void (stderr += t), env: {}, cwd: '/' };
  return { out, stderr: () => stderr };
}

describe('parseCommandArgs', () => {
  it('parses the options a command declares', () => {
    const { out } = io();
    const parsed = parseCommandArgs('search', 'usage: …', { args: ['--limit', '3', '四川'], options: { limit: { type: 'string' } }, allowPositionals: true }, out);
    expect(parsed?.values.limit).toBe('3');
    expect(parsed?.positionals).toEqual(['四川']);
  });

  it('names an unknown flag, shows the usage and returns null (the caller exits with EXIT.usage)', () => {
    const { out, stderr } = io();
    expect(parseCommandArgs('search', 'usage: healthnews search <query>', { args: ['--nope'], options: {} }, out)).toBeNull();
    expect(stderr()).toMatch(/^healthnews search: .*--nope[\s\S]*usage: healthnews search <query>\n$/);
    expect(EXIT).toEqual({ ok: 0, failed: 1, usage: 2 });
  });
});
