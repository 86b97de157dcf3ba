// Words that name the same thing in health-IT news, for questions: someone asks about 网上看病 or
// 片子 while the articles say 互联网医院 or 医学影像. A question's chunks are ranked, none has to
// occur, so a related word can only add articles to the answer, never take the literal ones away.
// Keyword queries stay literal: `/healthnews 网络医院` finds 网络医院.
//
// Each group lists ways of saying one thing, the everyday words first, then the ones the news and
// policy documents use. Only groups whose members mean the same in this field: 手机 alone is not
// 移动支付, and 医院 is not 互联网医院.
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['网上看病', '网上问诊', '在线问诊', '在线诊疗', '互联网医院', '网络医院', '互联网诊疗'],
  ['片子', '拍片', '胶片', '医学影像', '影像'],
  ['手机支付', '手机付费', '手机缴费', '移动支付', '扫码支付'],
  ['慢病', '慢性病'],
  ['急救车', '救护车'],
  ['健康卡', '居民健康卡', '电子健康卡'],
  ['病历', '电子病历'],
  ['挂号', '预约挂号', '预约诊疗'],
  ['家庭医生', '签约医生', '家庭医生签约'],
  ['远程看病', '远程会诊', '远程医疗'],
  ['转诊', '双向转诊', '分级诊疗'],
  ['医保卡', '社保卡'],
  ['化验单', '检验报告', '检查结果'],
  ['健康档案', '电子健康档案', '居民健康档案'],
];

/** At most this many related words per question: each is one more term to rank by. */
const MAX_RELATED = 6;

/**
 * Related words for a question's chunks: for every chunk holding a group's word, the group's other
 * words not already in the question, at most {@link MAX_RELATED} in all, the literal chunks' own
 * group order kept.
 *
 * @example relatedWords(['片子', '医院']) // → ['拍片', '胶片', '医学影像', '影像']
 */
export function relatedWords(chunks: readonly string[]): string[] {
  const related: string[] = [];
  const inQuestion = (word: string) => chunks.some((c) => c.includes(word)) || related.includes(word);
  for (const chunk of chunks) {
    for (const group of SYNONYM_GROUPS) {
      if (!group.some((word) => chunk.includes(word))) continue;
      for (const word of group) if (!inQuestion(word) && !chunks.some((c) => word.includes(c))) related.push(word);
    }
  }
  return related.slice(0, MAX_RELATED);
}
