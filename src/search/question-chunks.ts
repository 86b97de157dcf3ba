// Tells a question from a keyword query and cuts a question down to its content chunks: question
// words, function words and generic nouns go; what is left are the runs that say what the
// question is about. Chinese has no spaces, so a stop word may only come off where it cannot be
// part of a longer content word: our own question words (which never occur inside a content
// word) split a run anywhere; the stop-word list's words (stopwords-iso, zh) and generic nouns
// come off the edges of a run only, longest first; a single character comes off an edge only
// when it does not form a word with its neighbour (`能` leaves `健康卡能` but stays in `功能`).
//
// @example
// isQuestion('有哪些医院开通了远程会诊？') // → true
// questionChunks(['医院开通了远程会诊']) // → ['医院开通', '远程会诊']
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Words that make a query a question. Also split a run wherever they stand: none of them occurs
 * inside a content word of health-IT news (checked against the seed pages).
 */
const QUESTION_WORDS = [
  '什么时候', '有没有', '是不是', '为什么', '怎么样', '哪些', '哪里', '哪儿', '哪个', '哪家', '哪几', '什么', '怎么', '怎样',
  '如何', '多少', '是否', '有无', '何时', '几时', '哪天', '哪年', '能否', '可否', '能不能', '多久', '啥', '吗', '呢',
];
/** Requests that read as a question (`了解一下分级诊疗的进展`); taken out like question words. */
const QUESTION_OPENERS = ['了解一下', '介绍一下', '说说', '讲讲', '请问', '想知道', '告诉我'];
/** Marks that make a query a question even without a question word. */
const QUESTION_MARKS = /[?？]/;

/** A query whose content (after region and time words) is at least this long is read as a sentence. */
const SENTENCE_CHARS = 12;

/**
 * Generic nouns and verbs of questions about news: they say nothing about which articles are meant.
 * Taken off the edges of a run like stop words.
 */
const GENERIC_WORDS = [
  '情况', '进展', '方面', '工作', '问题', '现在', '目前', '如今', '地方', '地区', '省份', '城市', '情形', '状况', '内容',
  '事情', '东西', '时候', '时间', '了解', '知道', '介绍', '一下', '新闻', '消息', '资讯', '动态', '报道', '文章', '进行',
  '已经', '还有', '都有', '可以', '能够', '怎么样了',
];

/**
 * Single characters that come off the front (`LEADING`) or back (`TRAILING`) of a run, each with
 * the neighbours it forms a word with, where it stays (`有效`, `功能`).
 */
const LEADING: ReadonlyMap<string, string> = new Map([
  ['有', '效关限线机偿序'], ['是', '否'], ['能', '力源耗'], ['都', '市'], ['也', '许'], ['还', '原款'], ['把', '关'],
  ['被', '服'], ['给', '予付药'], ['让', '利'], ['从', '业事'], ['将', '来'], ['就', '医诊业近'], ['又', ''], ['我', '国省市区院'],
  ['想', '法'], ['请', '求示'], ['找', ''], ['要', '求素点闻'], ['在', '线职院编'], ['对', '接象口比应'], ['和', '谐'],
]);
const TRAILING: ReadonlyMap<string, string> = new Map([
  ['了', '为除罢'], ['么', ''], ['吗', ''], ['呢', ''], ['啊', ''], ['吧', '酒网'], ['呀', ''], ['的', '目'],
  ['在', '存所实自现内外'], ['能', '功智效职性技体动潜产可本赋'], ['用', '应使作费利采适通信运试日实启租'], ['得', '获取'],
  ['过', '通经超'], ['着', '接随'], ['到', '达收报迟'], ['去', '过失'], ['有', '所具拥享共持占含'], ['是', '但就还或只凡总于'],
]);

/** Whether `first`, at the front of a run, starts a word with the character after it (`在线`, `有效`), so it is no filler there. */
export function startsWordWith(first: string, next: string | undefined): boolean {
  return next !== undefined && (LEADING.get(first)?.includes(next) ?? false);
}

/** Whether `last`, at the back of a run, ends a word with the character before it (`为了`, `实在`), so it is no filler there. */
export function endsWordWith(last: string, previous: string | undefined): boolean {
  return previous !== undefined && (TRAILING.get(last)?.includes(previous) ?? false);
}

/** Particles that split a run wherever they stand, except inside the few words they start (`了解`). */
const SPLITTING_PARTICLES: ReadonlyMap<string, string> = new Map([['了', '解'], ['的', '确'], ['和', '谐'], ['与', ''], ['及', '时格']]);

/**
 * Multi-character stop words from the list, plus ours; longest first so `哪些地方` goes before
 * `哪些`. Read on the first question, and only the Chinese list kept: the package's JSON holds
 * every language (~7 MB in memory, ~40 ms to parse), which the bot need not pay at start.
 */
let edgeWords: readonly string[] | null = null;
function edgeWordList(): readonly string[] {
  if (edgeWords) return edgeWords;
  const file = createRequire(import.meta.url).resolve('stopwords-iso/stopwords-iso.json');
  const chinese = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>).zh ?? [];
  edgeWords = [
    ...new Set([...chinese.filter((w) => /^\p{Script=Han}{2,}$/u.test(w)), ...GENERIC_WORDS, ...QUESTION_WORDS.filter((w) => w.length > 1)]),
  ].sort((a, b) => b.length - a.length);
  return edgeWords;
}

/** Whether `text` (after region and time words were taken out) reads as a question, not as keywords. */
export function isQuestion(text: string): boolean {
  if (QUESTION_MARKS.test(text)) return true;
  if (QUESTION_WORDS.some((w) => text.includes(w)) || QUESTION_OPENERS.some((w) => text.includes(w))) return true;
  return (text.match(/\p{Script=Han}/gu)?.length ?? 0) >= SENTENCE_CHARS;
}

/** "Where" questions (哪些地方, 哪里, 哪些省, 哪些医院…): the answer line lists the regions found. */
export function isWhereQuestion(text: string): boolean {
  return /哪(些|几个|个)?(地方|省|市|地区|城市|县|区|医院|单位|机构)|哪里|哪儿|什么地方|在哪/u.test(text);
}

/** Splits `run` at every occurrence of any of `words`. */
function splitAt(run: string, words: readonly string[]): string[] {
  let pieces = [run];
  for (const word of words) pieces = pieces.flatMap((p) => p.split(word));
  return pieces.filter(Boolean);
}

/** Splits at particles that are not the start of one of their words. */
function splitAtParticles(run: string): string[] {
  const chars = Array.from(run);
  const pieces: string[] = [];
  let current = '';
  chars.forEach((ch, i) => {
    const keep = SPLITTING_PARTICLES.get(ch);
    const next = chars[i + 1] ?? '';
    if (keep !== undefined && !(next && keep.includes(next))) {
      if (current) pieces.push(current);
      current = '';
    } else {
      current += ch;
    }
  });
  if (current) pieces.push(current);
  return pieces;
}

/** Takes stop words off both edges of `piece` until none is left there. */
function stripEdges(piece: string): string {
  let text = piece;
  for (let changed = true; changed && text; ) {
    changed = false;
    const words = edgeWordList();
    const word = words.find((w) => text.startsWith(w) && text.length > w.length) ?? words.find((w) => text === w);
    if (word) {
      text = text.slice(word.length);
      changed = true;
      continue;
    }
    const end = edgeWordList().find((w) => text.endsWith(w));
    if (end) {
      text = text.slice(0, text.length - end.length);
      changed = true;
      continue;
    }
    const chars = Array.from(text);
    if (LEADING.has(chars[0]!) && chars.length > 1 && !startsWordWith(chars[0]!, chars[1])) {
      text = chars.slice(1).join('');
      changed = true;
      continue;
    }
    if (TRAILING.has(chars[chars.length - 1]!) && !endsWordWith(chars[chars.length - 1]!, chars[chars.length - 2])) {
      text = chars.slice(0, -1).join('');
      changed = true;
    }
  }
  return text;
}

/**
 * The content chunks of a question's terms (each term a run of the question with region, time
 * and filler words already out): question words split, stop words and generic nouns come off the
 * edges, single characters left on their own go.
 */
export function questionChunks(terms: readonly string[]): string[] {
  const chunks: string[] = [];
  for (const term of terms) {
    for (const piece of splitAt(term, [...QUESTION_OPENERS, ...QUESTION_WORDS]).flatMap(splitAtParticles)) {
      const chunk = stripEdges(piece);
      if (!chunk || (Array.from(chunk).length === 1 && /\p{Script=Han}/u.test(chunk))) continue;
      if (!chunks.includes(chunk)) chunks.push(chunk);
    }
  }
  return chunks;
}
