// Run by index-snapshot.test.ts in a process of its own: saves snapshot A completely, then starts
// saving B and stalls in the middle of writing it, saying so on stdout, so the test can kill the
// process exactly there.
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveIndexSnapshot } from '../../src/search/index-snapshot.ts';
import { buildNewsIndex } from '../../src/search/news-index.ts';
import { syntheticArticles } from './synthetic-articles.ts';

const dataDir = process.argv[2]!;
await saveIndexSnapshot(buildNewsIndex(syntheticArticles(1500, 1)), dataDir);
process.stdout.write('saved A\n');

// Every later file write stalls after the second one: the save of B never gets past its start.
const probe = await open(path.join(tmpdir(), `hn-probe-${process.pid}`), 'w');
const handlePrototype = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
await probe.close();
const write = handlePrototype.write;
let writes = 0;
handlePrototype.write = async function (this: unknown, ...args: unknown[]) {
  const result = await write.apply(this, args);
  if (++writes === 2) {
    process.stdout.write('mid-save\n');
    await new Promise(() => undefined);
  }
  return result;
};
await saveIndexSnapshot(buildNewsIndex(syntheticArticles(1500, 2)), dataDir);
