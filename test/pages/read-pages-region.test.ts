// readPages hands each merged article's title and summary to the region resolver. The resolver is
// replaced by a recorder so this holds whatever the gazetteer currently knows.
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { readPages } from '../../src/pages/read-pages.ts';

vi.mock('../../src/regions/resolve-region.ts', () => ({
  resolveRegion: (title: string, summary = '') => ({ province: title, city: summary, county: null }),
}));

const DUPLICATES = fileURLToPath(new URL('../fixtures/pages/duplicates', import.meta.url));

describe('readPages region tagging', () => {
  it('resolves each article once merged, from its title and longest summary', async () => {
    const { articles } = await readPages([DUPLICATES]);
    const sichuan = articles.find((a) => a.title.startsWith('四川'))!;
    expect(sichuan.region).toEqual({
      province: '四川：联通将投资10亿元打造“智慧广元”',
      city: '10月22日，中国联合网络通信有限公司四川省分公司在成都与广元市人民政府签订“智慧广元”战略合作协议…',
      county: null,
    });
    for (const article of articles) expect(article.region).toMatchObject({ province: article.title, city: article.summary });
  });
});
