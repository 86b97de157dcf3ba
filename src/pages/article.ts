// The shapes every part of healthnews shares: an article read from a news page and a problem found
// while reading (the region it is tagged with lives in regions/region.ts). Other tools read these
// through the CLI's JSON, so field names here are a stable contract.
import type { Region } from '../regions/region.ts';

/** Where an article was read: the page file and the 1-based line of its title. */
export interface SourceRef {
  file: string;
  line: number;
}

export interface Article {
  /** Stable across runs and pages: derived from the normalised title and date. */
  id: string;
  /** The title without its trailing date. */
  title: string;
  /** `YYYY-MM-DD`, or null when the page gave none. */
  date: string | null;
  /** Summary lines joined; the site cuts them off with `…`. */
  summary: string;
  /** The page's section, e.g. `地方新闻`. */
  section: string;
  region: Region;
  source: SourceRef;
}

/** Something wrong in the input, located precisely enough to fix it. `line` is 0 for whole-file problems. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}
