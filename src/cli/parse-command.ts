// `healthnews parse`: reads pages and shows what came out — articles per region and every problem
// with its file and line — or all of it as stable JSON.
import type { Article } from '../pages/article.ts';
import { regionLabel } from '../regions/region-filter.ts';
import { EXIT, parseCommandArgs, type CliCommand } from './cli-io.ts';
import { readCorpusOrExplain, seedsDirFor } from './seeds-option.ts';

export const PARSE_USAGE = `Usage: healthnews parse [--json] [<file|dir>…]

Reads news pages (every .txt in a folder) and reports the articles per region and any problems
(file:line and what is wrong). With no paths, reads SEEDS_DIR, else ./seeds.

Options:
  --json        print {"articles": [{id, title, date, summary, section, region, source: {file, line}}],
                       "problems": [{file, line, message}]}
  -h, --help    this help`;

/** Article counts per province (national news as 全国), most first. */
export function countByProvince(articles: readonly Article[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const a of articles) {
    const key = regionLabel({ province: a.region.province, city: null, county: null });
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'));
}

export const parseCommand: CliCommand = async (args, io) => {
  const parsed = parseCommandArgs('parse', PARSE_USAGE, {
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }, io);
  if (!parsed) return EXIT.usage;
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${PARSE_USAGE}\n`);
    return EXIT.ok;
  }
  const inputs = positionals.length > 0 ? positionals : [seedsDirFor(undefined, io)];
  const corpus = await readCorpusOrExplain(inputs, io, 'parse');
  if (!corpus) return EXIT.failed;
  if (values.json) {
    const articles = corpus.articles.map(({ id, title, date, summary, section, region, source }) => ({
      id, title, date, summary, section, region, source,
    }));
    io.stdout(`${JSON.stringify({ articles, problems: corpus.problems }, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`${corpus.articles.length} articles in ${corpus.files.length} page(s)`, ''];
  // Count first: Chinese labels have no fixed width in a terminal, numbers do.
  for (const [label, count] of countByProvince(corpus.articles)) lines.push(`  ${String(count).padStart(6)}  ${label}`);
  if (corpus.problems.length > 0) {
    lines.push('', `${corpus.problems.length} problem(s):`);
    for (const p of corpus.problems) lines.push(`  ${p.file}:${p.line}: ${p.message}`);
  } else {
    lines.push('', 'no problems');
  }
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
};
