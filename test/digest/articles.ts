// Articles for digest tests, built directly so tests control dates and regions.
import type { Article } from '../../src/pages/article.ts';
import type { Region } from '../../src/regions/region.ts';

let counter = 0;

export function region(province: string | null, city: string | null = null): Region {
  return { province, city, county: null };
}

export function article(title: string, date: string | null, where: Region, id?: string): Article {
  counter++;
  return {
    id: id ?? `a${counter.toString(16).padStart(6, '0')}`,
    title,
    date,
    summary: `${title}的摘要`,
    section: '地方新闻',
    region: where,
    source: { file: 'test.txt', line: counter },
  };
}
