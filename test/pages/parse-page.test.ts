// parsePage on the real seed page and on hostile pages: encodings, line ends, full-width text,
// broken records. Byte-sensitive pages are built in code; readable ones live in test/fixtures/pages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SECTION, articleId, parseDate, parsePage, titleIdentity } from '../../src/pages/parse-page.ts';

const SEED = 'seeds/000_1822e4ba295fea8a.txt';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');
const seedText = readFileSync(new URL(`../../${SEED}`, import.meta.url), 'utf8');

const PLAIN_PAGE = ['地方新闻', '-', '四川：首发 2014-10-30', '第一行摘要', '第二行摘要…', '-', '陕西：居民健康卡 2014-10-23', '记者获悉…'];

describe('parsePage on the real seed page', () => {
  const page = parsePage(seedText, SEED);

  it('reads all 20 articles, every one dated, with no problems', () => {
    expect(page.section).toBe('地方新闻');
    expect(page.problems).toEqual([]);
    expect(page.articles).toHaveLength(20);
    expect(page.articles.every((article) => article.date !== null && /^\d{4}-\d{2}-\d{2}$/.test(article.date))).toBe(true);
  });

  it('takes the date off the title and points at the title line', () => {
    const [first] = page.articles;
    expect(first).toMatchObject({
      title: '北京卫生监督所:召开信息化顶层设计研讨会',
      date: '2014-11-06',
      section: '地方新闻',
      source: { file: SEED, line: 3 },
    });
    expect(first!.summary.startsWith('根据北京市卫生计生委近期下发的')).toBe(true);
    expect(first!.summary.endsWith('…')).toBe(true);
    expect(page.articles.some((article) => /\d{4}-\d{2}-\d{2}$/.test(article.title))).toBe(false);
  });

  it('keeps a space inside a title, since the site uses it between clauses', () => {
    expect(page.articles.map((a) => a.title)).toContain('温州:血液信息管理系统将上线 血液流向全程跟踪');
  });

  it('gives 20 distinct ids', () => {
    expect(new Set(page.articles.map((a) => a.id)).size).toBe(20);
  });
});

describe('parsePage on line ends and byte-order marks', () => {
  const lf = parsePage(PLAIN_PAGE.join('\n'), 'p.txt');

  it.each([
    ['CRLF', PLAIN_PAGE.join('\r\n')],
    ['lone CR', PLAIN_PAGE.join('\r')],
    ['BOM and CRLF', `\uFEFF${PLAIN_PAGE.join('\r\n')}\r\n`],
    ['mixed CRLF, CR and LF', PLAIN_PAGE.map((line, i) => line + ['\r\n', '\r', '\n'][i % 3]).join('')],
  ])('%s reads exactly like LF, with the same line numbers', (_, text) => {
    const page = parsePage(text, 'p.txt');
    expect(page).toEqual(lf);
  });

  it('does not let a BOM leak into the section name', () => {
    expect(parsePage(`\uFEFF${PLAIN_PAGE.join('\r\n')}`, 'p.txt').section).toBe('地方新闻');
    expect(lf.articles[0]).toMatchObject({ title: '四川：首发', summary: '第一行摘要第二行摘要…', source: { line: 3 } });
    expect(lf.articles[1]!.source.line).toBe(7);
  });
});

describe('parsePage on full-width punctuation, date variants and wrapped summaries', () => {
  const page = parsePage(fixture('fullwidth-and-variants.txt'), 'fullwidth-and-variants.txt');

  it('reads every article with no problems', () => {
    expect(page.problems).toEqual([]);
    expect(page.articles.map((a) => a.date)).toEqual(['2014-10-30', '2014-10-28', '2014-10-25', '2014-10-03']);
  });

  it('shows titles as written but identifies them as their half-width form', () => {
    const [sichuan] = page.articles;
    expect(sichuan!.title).toBe('四川：首家省级健康云平台“健康四川”正式发布（可预约挂号）');
    expect(sichuan!.id).toBe(articleId('四川:首家省级健康云平台"健康四川"正式发布(可预约挂号)', '2014-10-30'));
  });

  it('joins Chinese lines with nothing between and Latin lines with one space', () => {
    expect(page.articles[0]!.summary).toBe(
      '10月27日，由四川省卫生计生委监管、省卫生信息中心研发的大型健康服务门户网站——“健康四川”正式上线…',
    );
    expect(page.articles[1]!.summary).toBe('杭州市卫生局近日表示，全市已有200家医院接入平台…');
    expect(page.articles[2]).toMatchObject({
      title: 'Shanghai: hospitals adopt HL7 messaging',
      summary: 'The Shanghai health bureau said the new HL7 interface links 38 hospitals…',
    });
  });

  it('points at title lines even after blank lines', () => {
    expect(page.articles.map((a) => a.source.line)).toEqual([4, 9, 13, 17]);
  });
});

describe('parsePage on blank lines and trailing spaces', () => {
  const text = ['地方新闻  ', '', '-  ', '', '四川：首发   2014-10-30   ', '  第一行摘要  ', '', '第二行摘要…\t', '', '-', '陕西 2014-10-23 '].join('\n');
  const page = parsePage(text, 'spaces.txt');

  it('trims every line, skips blank ones and still counts them for line numbers', () => {
    expect(page.problems).toEqual([]);
    expect(page.section).toBe('地方新闻');
    expect(page.articles).toMatchObject([
      { title: '四川：首发', date: '2014-10-30', summary: '第一行摘要第二行摘要…', source: { line: 5 } },
      { title: '陕西', date: '2014-10-23', summary: '', source: { line: 11 } },
    ]);
  });

  it('gives a padded title the same id as the clean one', () => {
    expect(page.articles[0]!.id).toBe(articleId('四川：首发', '2014-10-30'));
  });
});

describe('parsePage on broken records', () => {
  const file = 'broken-records.txt';
  const page = parsePage(fixture(file), file);
  const byTitle = (start: string) => page.articles.find((a) => a.title.startsWith(start));

  it('reports each fault once, at its line, with a fix', () => {
    expect(page.problems.map((p) => [p.file, p.line])).toEqual([
      [file, 2], // stray text before the first `-`
      [file, 8], // title without a date
      [file, 11], // impossible date
      [file, 13], // `-` followed by `-`
      [file, 15], // summary with no title
      [file, 21], // title run into the previous record without `-`
    ]);
    const messages = page.problems.map((p) => p.message);
    expect(messages[0]).toMatch(/lines 2–3.*ignored/);
    expect(messages[1]).toMatch(/河北：卫生信息化进程推进会.*no publication date.*YYYY-MM-DD/);
    expect(messages[2]).toMatch(/2014-13-45.*not a real day/);
    expect(messages[4]).toMatch(/no title line.*skipped.*Add a title line/);
    expect(messages[5]).toMatch(/辽宁锦州.*no "-" line/);
  });

  it('keeps dateless and impossibly dated articles with date null', () => {
    expect(byTitle('河北')).toMatchObject({ date: null, summary: '河北省医疗健康信息化建设交流会在石家庄举行…', source: { line: 8 } });
    expect(byTitle('陕西')).toMatchObject({ title: '陕西：将于11月20日发放首批居民健康卡', date: null });
  });

  it('keeps the neighbours of a broken record whole', () => {
    expect(byTitle('陕西')!.summary).toBe('记者从陕西省卫计委获悉，首批约15万张居民健康卡将于11月20日发放…');
    expect(byTitle('天津')).toMatchObject({ date: '2014-10-23', summary: '', source: { line: 17 } });
    expect(byTitle('北京')).toMatchObject({ date: '2014-11-06', source: { line: 5 } });
  });

  it('splits a record whose "-" line went missing into two articles', () => {
    expect(byTitle('上海')!.summary).toBe('作为上海市医改重点基础工作之一，本市启动了市民疾控信息化项目…');
    expect(byTitle('辽宁锦州')).toMatchObject({ date: '2014-10-22', summary: '10月27日，新一批居民健康卡在锦州市正式启用…', source: { line: 21 } });
  });

  it('reads everything that has a title and nothing else', () => {
    expect(page.articles.map((a) => a.source.line)).toEqual([5, 8, 11, 17, 19, 21]);
    expect(page.articles.some((a) => a.title.includes('本页由'))).toBe(false);
  });
});

describe('parsePage on pages missing their frame', () => {
  it('assumes the default section when the section line is missing, and says so', () => {
    const page = parsePage(fixture('no-section.txt'), 'no-section.txt');
    expect(page.section).toBe(DEFAULT_SECTION);
    expect(page.problems).toEqual([{ file: 'no-section.txt', line: 1, message: expect.stringMatching(/no section line.*地方新闻/) }]);
    expect(page.articles).toMatchObject([{ title: '江苏沭阳：财政拨付区域卫生信息平台建设经费240万元', section: DEFAULT_SECTION, source: { line: 2 } }]);
  });

  it('keeps an article written before any "-" line', () => {
    const page = parsePage('四川：首发 2014-10-30\n摘要…\n-\n陕西 2014-10-23\n', 'bare.txt');
    expect(page.articles.map((a) => [a.title, a.source.line])).toEqual([['四川：首发', 1], ['陕西', 4]]);
    expect(page.problems.map((p) => p.line)).toEqual([1, 1]);
  });

  it.each([
    ['an empty page', ''],
    ['a page of blank lines and a BOM', '\uFEFF\r\n  \n\n'],
  ])('reports %s as empty at line 0', (_, text) => {
    const page = parsePage(text, 'empty.txt');
    expect(page.articles).toEqual([]);
    expect(page.problems).toEqual([{ file: 'empty.txt', line: 0, message: expect.stringMatching(/empty/) }]);
  });

  it('reports a page that has a section but no articles', () => {
    const page = parsePage('地方新闻\n', 'bare.txt');
    expect(page.problems).toEqual([{ file: 'bare.txt', line: 0, message: expect.stringMatching(/no articles/) }]);
  });

  it('does not report a "-" that closes the page', () => {
    expect(parsePage(`${PLAIN_PAGE.join('\n')}\n-\n`, 'p.txt').problems).toEqual([]);
  });
});

describe('parsePage on separator variants', () => {
  it('takes a full-width or small hyphen alone on its line as the "-" between records, and nothing longer', () => {
    const page = parsePage(['地方新闻', '－', '四川：首发 2014-10-30', '摘要…', '﹣', '陕西：居民健康卡 2014年10月23', '--', '记者获悉…'].join('\n'), 'p.txt');
    expect(page.problems).toEqual([]);
    expect(page.articles.map((a) => [a.title, a.date, a.summary])).toEqual([
      ['四川：首发', '2014-10-30', '摘要…'],
      ['陕西：居民健康卡', '2014-10-23', '--记者获悉…'],
    ]);
  });
});

describe('parseDate', () => {
  it.each([
    ['2014-10-30', '2014-10-30'],
    ['2014/10/30', '2014-10-30'],
    ['2014.10.30', '2014-10-30'],
    ['2014-1-5', '2014-01-05'],
    ['２０１４－１０－３０', '2014-10-30'],
    ['2014年10月30日', '2014-10-30'],
    ['2016-02-29', '2016-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['２０００．２．２９', '2000-02-29'],
    ['2014年1月5', '2014-01-05'],
    ['2014-12-31', '2014-12-31'],
  ])('reads %s as %s', (text, date) => {
    expect(parseDate(text)).toBe(date);
  });

  it.each(['2014-13-45', '2015-02-29', '1900-02-29', '2100-02-29', '2014-04-31', '2014-11-31', '2014-01-00', '0214-10-30', '2014-10/30', '2014-10', 'yesterday', ''])(
    'rejects %s',
    (text) => {
      expect(parseDate(text)).toBeNull();
    },
  );
});

describe('articleId', () => {
  it('is 16 hex digits and the same on every call', () => {
    const id = articleId('四川：首发', '2014-10-30');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(articleId('四川：首发', '2014-10-30')).toBe(id);
  });

  it('treats full-width and half-width punctuation, digits and spacing as the same title', () => {
    const id = articleId('四川：联通将投资10亿元打造“智慧广元” 正式（启动）', '2014-10-30');
    expect(articleId('四川:联通将投资１０亿元打造"智慧广元"正式(启动)', '2014-10-30')).toBe(id);
    expect(articleId('四川\u3000:\u200B联通将投资10亿元打造“智慧广元”  正式（启动）', '2014-10-30')).toBe(id);
  });

  it('tells apart different titles, different dates and a missing date', () => {
    const id = articleId('四川：首发', '2014-10-30');
    expect(articleId('四川：首发布', '2014-10-30')).not.toBe(id);
    expect(articleId('四川：首发', '2014-10-31')).not.toBe(id);
    expect(articleId('四川：首发', null)).not.toBe(id);
  });

  it('keeps the space between Latin words that tells them apart', () => {
    expect(titleIdentity('e health 平台')).not.toBe(titleIdentity('ehealth 平台'));
    expect(titleIdentity('HIS 系统')).toBe(titleIdentity('his系统'));
  });
});
