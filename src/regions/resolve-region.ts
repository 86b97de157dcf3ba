// Tags an article with the region it is about, from its title first and, only when the title
// names no place and reads as local news, from the opening sentence of its summary.
//
// Evidence, strongest first: a place named in the leading `label:`; a province named anywhere in
// the title; a prefecture-level city or a landmark (西京医院, 天府新区: landmarks.txt); a county's
// full name (沭阳县, 朝阳区); a county's two-character short name, which is weak (健康保障 holds
// 康保) and counts only as the whole label (`沭阳:`), in parentheses, or right after its province
// or city (江苏沭阳). Everyday words (合作, 公安) count only as the whole label (`合作:`) or right
// after their province or city (甘肃合作), and names shared across provinces (通州, 鼓楼, 朝阳,
// 协和医院) only where the title names which one.
import { NO_REGION, type Region } from './region.ts';
import { placesNamed, type Place } from './gazetteer.ts';
import { isAncestor, scanPlaceNames, sharedRegion, type NameMatch } from './find-regions.ts';
import { isHeadWordNotPlace } from './landmarks.ts';

// Words that make a title national news; then the summary may not make it regional (its lead
// often says where a national meeting was held).
const NATIONAL_MARKERS = /中国|全国|国家|国务院|我国|各省|多地|各地|跨省/;

// One-character city names used only in set phrases such as 在蓉召开 (held in 成都). They refine a
// province the title already names and never stand alone (京, 沪 are provinces; 在京召开 is
// where a national meeting met).
const CITY_BY_ONE_CHARACTER: Record<string, string> = {
  蓉: '成都',
  穗: '广州',
  榕: '福州',
  筑: '贵阳',
  甬: '宁波',
  邕: '南宁',
  汉: '武汉',
  杭: '杭州',
  深: '深圳',
  锡: '无锡',
  厦: '厦门',
};
const ONE_CHARACTER_VENUE = new RegExp(
  `[在来抵赴]([${Object.keys(CITY_BY_ONE_CHARACTER).join('')}])(?:召开|举行|举办|开幕|闭幕|启动|落幕|揭牌)`,
  'g',
);

// A label is the `北京卫生监督所:` before the first colon; longer leads are sentences, not labels.
const LONGEST_LABEL = 16;

function labelEnd(title: string): number {
  const colon = title.search(/[:：]/);
  return colon > 0 && colon <= LONGEST_LABEL ? colon : -1;
}

function isWholeLabel(title: string, m: NameMatch): boolean {
  return m.start === 0 && m.end === labelEnd(title);
}

function isParenthesised(title: string, m: NameMatch): boolean {
  return /[(（]/.test(title[m.start - 1] ?? '') && /[)）]/.test(title[m.end] ?? '');
}

const isWeakCounty = (m: NameMatch): boolean => m.rank === 'county' && !m.suffixed && m.text.length <= 2;

// The places under a division written right before the name (甘肃合作, 南京鼓楼, 兰州城关): only
// such a neighbour makes an everyday word, or a name several places share, a particular place.
function underPrecedingAncestor(m: NameMatch, places: readonly Place[], matches: readonly NameMatch[]): readonly Place[] {
  const before = matches.find((o) => o.end === m.start && !o.common);
  if (!before) return [];
  return places.filter((p) => before.places.some((q) => isAncestor(q.region, p.region)));
}

// An everyday-word name alone before the colon is the title's place (`合作:` 甘肃合作市, `公安:`
// 湖北公安县), unless there it is better known as something else (`阿里:` is Alibaba).
function headsTitle(title: string, m: NameMatch): boolean {
  return isWholeLabel(title, m) && !isHeadWordNotPlace(m.text);
}

// Whether a name can fix the province on its own, with no other name to lean on.
function fixesProvince(title: string, m: NameMatch): boolean {
  if (m.rank === 'province') return true;
  if (sharedRegion(m.places).province === null) return false;
  if (m.common) return headsTitle(title, m);
  if (isWeakCounty(m)) return m.places.length === 1 && (isWholeLabel(title, m) || isParenthesised(title, m));
  return true;
}

interface Reading {
  places: readonly Place[];
  inLabel: boolean;
  /** From a hospital or zone, which stands for its city only where no division names another. */
  landmark?: boolean;
}

function chooseOne(values: { value: string | null; inLabel: boolean }[]): string | null {
  const named = values.filter((v) => v.value !== null);
  const fromLabel = named.find((v) => v.inLabel);
  if (fromLabel) return fromLabel.value;
  const distinct = new Set(named.map((v) => v.value));
  return distinct.size === 1 ? [...distinct][0]! : null;
}

// Within the province, the city and county the title agrees on; two different cities (南宁、柳州)
// leave the city open, since the article is about the province.
function refine(province: string, readings: Reading[]): Region {
  const inProvince = readings
    .map((r) => ({ ...r, places: r.places.filter((p) => p.region.province === province && p.rank !== 'province') }))
    .filter((r) => r.places.length > 0);
  // A city named outright beats a landmark's city outside the label (`华西医院与遂宁市…` is 遂宁's).
  const direct = inProvince.filter((r) => !r.landmark || r.inLabel);
  const cityReadings = direct.some((r) => sharedRegion(r.places).city !== null) ? direct : inProvince;
  const city = chooseOne(cityReadings.map((r) => ({ value: sharedRegion(r.places).city, inLabel: r.inLabel })));
  const counties = inProvince
    .filter((r) => r.places.length === 1 && r.places[0]!.region.county !== null)
    .map((r) => r.places[0]!.region)
    .filter((r) => city === null || r.city === city);
  const county = chooseOne(counties.map((r) => ({ value: r.county, inLabel: false })));
  if (county === null) return { province, city, county: null };
  const place = counties.find((r) => r.county === county)!;
  // A county pins its city only when no other city was named (江苏沭阳 → 宿迁).
  if (city === null && inProvince.some((r) => sharedRegion(r.places).city !== null && sharedRegion(r.places).city !== place.city)) {
    return { province, city: null, county: null };
  }
  return { province, city: place.city, county };
}

// Which name fixes the province, first tier first. The label says whose news it is
// (`西京医院:与北京专家会诊` is 陕西's); a division outranks a landmark beside it, as a branch
// names where it stands (`瑞金医院无锡分院` is in 无锡); outside the label a province named
// anywhere outranks cities, and cities outrank landmarks.
const ANCHOR_TIERS: ((m: NameMatch, inLabel: boolean) => boolean)[] = [
  (m, inLabel) => inLabel && !m.landmark,
  (_, inLabel) => inLabel,
  (m) => m.rank === 'province',
  (m) => !m.landmark,
  () => true,
];

function resolveFromTitle(title: string): Region {
  const matches = scanPlaceNames(title, { landmarks: true });
  const end = labelEnd(title);
  const inLabel = (m: NameMatch): boolean => end >= 0 && m.end <= end;
  const ordered = [...matches.filter(inLabel), ...matches.filter((m) => !inLabel(m))];

  let anchor: NameMatch | undefined;
  for (const tier of ANCHOR_TIERS) {
    anchor = ordered.find((m) => tier(m, inLabel(m)) && fixesProvince(title, m));
    if (anchor) break;
  }
  if (!anchor) return { ...NO_REGION };
  const province = sharedRegion(anchor.places).province!;

  const readings: Reading[] = [];
  for (const m of ordered) {
    if (m.rank === 'province') continue;
    let places: readonly Place[] = m.places.filter((p) => p.region.province === province);
    if (places.length === 0) continue;
    const narrowed = underPrecedingAncestor(m, places, matches);
    if (narrowed.length > 0) places = narrowed;
    // A two-character county name is weak evidence even inside the province: 健康保障 holds 康保.
    else if ((m.common && !headsTitle(title, m)) || (isWeakCounty(m) && !(isWholeLabel(title, m) || isParenthesised(title, m)))) continue;
    readings.push({ places, inLabel: inLabel(m), landmark: m.landmark });
  }
  for (const venue of title.matchAll(ONE_CHARACTER_VENUE)) {
    const city = placesNamed(CITY_BY_ONE_CHARACTER[venue[1]!]!).filter((p) => p.rank === 'city');
    readings.push({ places: city, inLabel: false });
  }
  return refine(province, readings);
}

// The summary's first sentence, when the title names nothing: only provinces, unambiguous
// prefecture-level cities and landmarks count, and only if they all agree on one province.
function resolveFromSummaryLead(summary: string): Region {
  const lead = summary.split(/[。！？!?]/)[0] ?? '';
  if (NATIONAL_MARKERS.test(lead)) return { ...NO_REGION };
  const strong = scanPlaceNames(lead, { landmarks: true }).filter(
    (m) => !m.common && (m.rank === 'province' || m.rank === 'city') && sharedRegion(m.places).province !== null,
  );
  const provinces = new Set(strong.map((m) => sharedRegion(m.places).province));
  if (provinces.size !== 1) return { ...NO_REGION };
  const province = [...provinces][0]!;
  const region = refine(province, strong.map((m) => ({ places: m.places, inLabel: false, landmark: m.landmark })));
  return { ...region, county: null };
}

/**
 * The region an article is about, judged from its title; the summary's first sentence is used
 * only when the title names no place and has no national marker (中国, 全国, 国家…).
 *
 * @example resolveRegion('江苏沭阳:财政拨付区域卫生信息平台建设经费240万元') // → { province: '江苏', city: '宿迁', county: '沭阳' }
 * @example resolveRegion('2014中国健康大会召开 智慧医疗成焦点', '…日前在杭州开幕') // → { province: null, city: null, county: null }
 */
export function resolveRegion(title: string, summary = ''): Region {
  const fromTitle = resolveFromTitle(title);
  if (fromTitle.province !== null || NATIONAL_MARKERS.test(title)) return fromTitle;
  return resolveFromSummaryLead(summary);
}
