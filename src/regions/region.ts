// What a region is: the place an article is about, at up to three levels. The lowest layer of
// healthnews that knows places, so pages, search and the digest all take the shape from here.

/** Where an article is about. `province` is the short common name (`四川`, `内蒙古`, `香港`); all null for national news. */
export interface Region {
  province: string | null;
  city: string | null;
  county: string | null;
}

/** National news: no province, city or county. */
export const NO_REGION: Readonly<Region> = Object.freeze({ province: null, city: null, county: null });
