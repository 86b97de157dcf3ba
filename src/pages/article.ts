// The shapes every part of healthnews shares: an article read from a news page, the region it is
// tagged with, and a problem found while reading. Other tools read these through the CLI's JSON,
// so field names here are a stable contract.

/** Where an article is about. `province` is the short common name (`四川`, `内蒙古`, `香港`); all null for national news. */
export interface Region {
  province: string | null;
  city: string | null;
  county: string | null;
}

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

export const NO_REGION: Readonly<Region> = Object.freeze({ province: null, city: null, county: null });
