// Deterministic made-up articles for index tests: seed sentences recombined under many regions and
// dates, so queries match many articles in many ways.
import type { Article } from '../../src/pages/article.ts';
import { articleId } from '../../src/pages/parse-page.ts';

const PHRASES = [
  '居民健康卡', '电子病历', '区域卫生信息平台', '远程医疗', '互联网医院', '慢性病管理', '分级诊疗', '预约挂号',
  '健康档案', '卫生信息化', '智慧医疗', '云医疗', '一卡通', '医疗协作体', 'HIS系统', 'APP上线', '5G急救', '银联IC卡',
];
const FILLER = ['近日', '召开', '会议', '启动', '建设', '推进', '全面', '试点', '发放', '上线', '医院', '卫生计生委', '记者获悉'];
const PLACES: Array<[string | null, string | null, string]> = [
  ['四川', null, '四川'], ['四川', '成都', '成都'], ['广东', '珠海', '珠海'], ['广东', null, '广东'], ['陕西', null, '陕西'],
  ['浙江', '温州', '温州'], ['上海', null, '上海'], [null, null, ''], ['辽宁', '锦州', '辽宁锦州'], ['山西', null, '山西省'],
];

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticArticles(count: number, seed = 1): Article[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const out: Article[] = [];
  for (let i = 0; i < count; i++) {
    const [province, city, label] = pick(PLACES);
    const title = `${label ? `${label}:` : ''}${pick(FILLER)}${pick(PHRASES)}${pick(FILLER)}${i}`;
    const summary = Array.from({ length: 6 }, () => `${pick(FILLER)}${pick(PHRASES)}`).join('，') + '…';
    const date = random() < 0.03 ? null : `20${10 + Math.floor(random() * 10)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    out.push({
      id: articleId(title, date), title, date, summary, section: '地方新闻',
      region: { province, city, county: null }, source: { file: `synthetic/${Math.floor(i / 20)}.txt`, line: 3 * (i % 20) + 3 },
    });
  }
  return out;
}
