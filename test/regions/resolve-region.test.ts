// resolveRegion on every title of the seed page and on each way a title can name (or seem to name)
// a region: provinces, cities, counties, organisations, parentheses, former names, everyday words.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Region } from '../../src/regions/region.ts';
import { resolveRegion } from '../../src/regions/resolve-region.ts';

const r = (province: string | null, city: string | null = null, county: string | null = null): Region => ({ province, city, county });
const NATIONAL = r(null);

// The seed page read the simple way its format allows: `-`, a title line ending in a date, summary lines.
function seedArticles(): { title: string; summary: string }[] {
  const lines = readFileSync('seeds/000_1822e4ba295fea8a.txt', 'utf8').split(/\r?\n/);
  const articles: { title: string; summary: string }[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] !== '-') continue;
    const title = lines[i + 1]!.replace(/ \d{4}-\d{2}-\d{2}$/, '');
    const summary: string[] = [];
    for (let j = i + 2; j < lines.length && lines[j] !== '-'; j++) summary.push(lines[j]!);
    articles.push({ title, summary: summary.join('') });
  }
  return articles;
}

const SEED_REGIONS: Record<string, Region> = {
  '北京卫生监督所:召开信息化顶层设计研讨会': r('北京'),
  '中国(四川)—荷兰生命科学暨卫生合作论坛在蓉召开': r('四川', '成都'),
  '河北:召开省医疗健康信息化会议推进卫生信息化进程': r('河北'),
  '珠海:移动“云医疗”推服务新模式': r('广东', '珠海'),
  '温州:血液信息管理系统将上线 血液流向全程跟踪': r('浙江', '温州'),
  '江苏沭阳:财政拨付区域卫生信息平台建设经费240万元': r('江苏', '宿迁', '沭阳'),
  '陕西:将于11月20日发放首批居民健康卡': r('陕西'),
  '四川:联通将投资10亿元打造“智慧广元”': r('四川', '广元'),
  '四川:首家省级健康云平台“健康四川”正式发布 可预约挂号': r('四川'),
  '广东:网络医院正式上线 网上可“看”三甲医院专家': r('广东'),
  '辽宁锦州:市卫计委组织召开全市医疗保健机构信息化工作会议': r('辽宁', '锦州'),
  '辽宁锦州:2012版居民健康卡宣告作废 新卡具银联IC卡功能': r('辽宁', '锦州'),
  '2014中国健康大会召开 智慧医疗成焦点': NATIONAL,
  '天津:搭建慢性病管理医疗协作体 2015年将扩大试点范围': r('天津'),
  '陕西:将实现居民健康卡“一卡通” 各地不再发就诊卡': r('陕西'),
  '上海:市民疾控信息化项目全面启动': r('上海'),
  '上海:《上海市健康物联网推进工作方案》正式发布': r('上海'),
  '四川:2015年所有市州将逐步实现居民健康卡发放 跨地区就医“一卡通”': r('四川'),
  '北京:《关于促进健康服务业发展的实施意见》出台': r('北京'),
  '山西省:打造15至30分钟内医疗服务圈': r('山西'),
};

describe('resolveRegion on the seed page', () => {
  const articles = seedArticles();

  it('reads all 20 seed titles', () => {
    expect(articles.map((a) => a.title).sort()).toEqual(Object.keys(SEED_REGIONS).sort());
  });

  it.each(articles.map((a) => [a.title, a] as const))('tags %s', (title, article) => {
    expect(resolveRegion(title, article.summary)).toEqual(SEED_REGIONS[title]);
  });

  it('keeps the national health conference national although its summary says where it met', () => {
    const conference = articles.find((a) => a.title.startsWith('2014中国健康大会'))!;
    expect(conference.summary).toContain('杭州');
    expect(resolveRegion(conference.title, conference.summary)).toEqual(NATIONAL);
  });
});

describe('resolveRegion: how titles name a region', () => {
  it.each([
    ['四川:全省推进居民健康卡', r('四川')],
    ['山西省:建设基层医疗服务圈', r('山西')],
    ['内蒙古自治区:远程医疗覆盖全区', r('内蒙古')],
    ['广西壮族自治区卫生计生委召开信息化会议', r('广西')],
    ['新疆维吾尔自治区:建成区域卫生信息平台', r('新疆')],
    ['黑龙江省：哈尔滨市民可用健康卡就医', r('黑龙江', '哈尔滨')],
  ])('a province in any of its forms: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });

  it.each([
    ['珠海:移动云医疗平台上线', r('广东', '珠海')],
    ['温州:血液信息系统上线', r('浙江', '温州')],
    ['恩施州:新农合信息系统覆盖全州', r('湖北', '恩施')],
    ['吉林市:中心医院电子病历通过测评', r('吉林', '吉林市')],
  ])('a city alone brings its province: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });

  it.each([
    ['沭阳:县人民医院启用电子病历', r('江苏', '宿迁', '沭阳')],
    ['江苏沭阳:财政拨付平台建设经费', r('江苏', '宿迁', '沭阳')],
    ['沭阳县人民医院启用电子病历', r('江苏', '宿迁', '沭阳')],
    // 双流县 became 双流区 in 2015; the old suffix still marks a county.
    ['四川成都:双流县推进居民电子健康档案', r('四川', '成都', '双流')],
  ])('a county brings its city and province: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });

  it('takes province and city written together', () => {
    expect(resolveRegion('辽宁锦州:市卫计委召开信息化会议')).toEqual(r('辽宁', '锦州'));
  });

  it('finds the place inside an organisation name', () => {
    expect(resolveRegion('北京卫生监督所:召开研讨会')).toEqual(r('北京'));
  });

  it('reads a province in ASCII and full-width parentheses', () => {
    expect(resolveRegion('中国(四川)—荷兰卫生合作论坛举行')).toEqual(r('四川'));
    expect(resolveRegion('中国（浙江）卫生信息化高峰论坛举行')).toEqual(r('浙江'));
  });

  it('reads a one-character city only in a set phrase within its province', () => {
    expect(resolveRegion('中国(四川)—荷兰卫生合作论坛在蓉召开')).toEqual(r('四川', '成都'));
    // 在京召开 says where a national meeting met; it does not make the news Beijing's.
    expect(resolveRegion('2014中国数字医疗大会在京召开')).toEqual(NATIONAL);
  });

  it('leaves titles that name no place national', () => {
    expect(resolveRegion('2014中国健康大会召开 智慧医疗成焦点')).toEqual(NATIONAL);
    expect(resolveRegion('国家卫计委发布远程医疗服务管理规范')).toEqual(NATIONAL);
  });

  it.each([
    ['香港:医管局推出电子健康记录互通', r('香港')],
    ['澳门:卫生局推行电子处方', r('澳门')],
    ['台湾:健保卡升级云端药历', r('台湾')],
    ['台湾台北:医院推广行动支付挂号', r('台湾', '台北')],
  ])('treats 香港, 澳门 and 台湾 as provinces: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });
});

describe('resolveRegion: which evidence wins', () => {
  it('lets an explicit province win over a city of another province', () => {
    expect(resolveRegion('四川:与重庆共建川渝远程医疗网络')).toEqual(r('四川'));
  });

  it('keeps a city named within the explicit province', () => {
    expect(resolveRegion('四川:联通将投资10亿元打造“智慧广元”')).toEqual(r('四川', '广元'));
  });

  it('leaves the city open when the title names several of them', () => {
    expect(resolveRegion('广西:南宁、柳州两地试点居民健康卡')).toEqual(r('广西'));
  });

  it('prefers the longer name over a shorter one inside it', () => {
    expect(resolveRegion('青海海南州:远程医疗项目投入使用')).toEqual(r('青海', '海南藏族自治州'));
    expect(resolveRegion('大兴安岭:地区医院开通远程会诊')).toEqual(r('黑龙江', '大兴安岭'));
  });
});

describe('resolveRegion: county names shared by several places', () => {
  it.each(['通州:家庭医生签约覆盖全区', '鼓楼区卫生局启动电子健康档案建设', '朝阳:社区医院实现预约转诊', '城关区推进基层信息化'])(
    'does not tag without context: %s',
    (title) => {
      expect(resolveRegion(title)).toEqual(NATIONAL);
    },
  );

  it.each([
    ['北京通州:区域医疗中心信息系统上线', r('北京', null, '通州')],
    ['江苏南通:通州区开展健康档案建设', r('江苏', '南通', '通州')],
    ['北京朝阳:社区医院实现预约转诊', r('北京', null, '朝阳')],
    ['辽宁朝阳:市中心医院上线电子病历', r('辽宁', '朝阳')],
    ['南京鼓楼:区域卫生信息平台通过验收', r('江苏', '南京', '鼓楼')],
    ['兰州城关:社区卫生服务中心实现实时结算', r('甘肃', '兰州', '城关')],
  ])('tags with a province or city alongside: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });
});

describe('resolveRegion: names that are also everyday words', () => {
  it.each([
    '阿里健康与医院合作推出处方平台',
    '平安好医生与医保部门签约',
    '和平医院上线智慧病房',
    '新华社:远程医疗惠及基层',
    '安宁疗护信息化试点启动',
    '长寿老人健康管理系统推广',
    '新兴技术助力医院信息化',
    '信息平台中心建成投用',
    '推广东部地区经验 加快西部医疗信息化',
  ])('does not tag %s', (title) => {
    expect(resolveRegion(title)).toEqual(NATIONAL);
  });

  it('does not read a county out of ordinary words inside the province', () => {
    // 健康保障 holds 康保 (河北张家口康保县) and 公安厅 holds 公安 (湖北荆州公安县).
    expect(resolveRegion('河北:全民健康保障信息化工程启动')).toEqual(r('河北'));
    expect(resolveRegion('湖北:省公安厅与卫计委共建出生证明查询系统')).toEqual(r('湖北'));
    expect(resolveRegion('甘肃:合作开展远程医疗')).toEqual(r('甘肃'));
  });

  it('tags an everyday-word name written with its suffix or right after its province', () => {
    expect(resolveRegion('公安县:人民医院启动信息化改造')).toEqual(r('湖北', '荆州', '公安'));
    expect(resolveRegion('合作市人民医院上线远程心电')).toEqual(r('甘肃', '甘南', '合作'));
    expect(resolveRegion('甘肃合作:市医院上线远程心电')).toEqual(r('甘肃', '甘南', '合作'));
    expect(resolveRegion('广东中山:市人民医院检验报告网上查询')).toEqual(r('广东', '中山'));
  });

  it('does not read 瑞金 out of 上海瑞金医院', () => {
    expect(resolveRegion('上海:瑞金医院推出互联网诊疗')).toEqual(r('上海'));
    expect(resolveRegion('江西赣州:瑞金市人民医院接入远程会诊')).toEqual(r('江西', '赣州', '瑞金'));
  });
});

describe('resolveRegion: hospitals, universities, new areas and zones', () => {
  it.each([
    ['西京医院:上线移动护理信息系统', r('陕西', '西安')],
    ['盛京医院:建成区域医疗协同平台', r('辽宁', '沈阳')],
    ['华山医院:推出互联网医院', r('上海')],
    ['邵逸夫医院:改革全面上线', r('浙江', '杭州')],
    ['南方医院:启用智能导诊机器人', r('广东', '广州')],
    ['天坛医院:新院区信息系统整体切换', r('北京')],
    ['中南医院:建成5G远程急救平台', r('湖北', '武汉')],
    ['第四军医大学唐都医院建成数字化手术室', r('陕西', '西安')],
    ['四川省人民医院:建成医院数据中心', r('四川', '成都')],
  ])('names the province and city of a well-known hospital: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });

  it('reads the hospital, not the place names inside its name', () => {
    expect(resolveRegion('北京大学深圳医院:上线电子健康卡')).toEqual(r('广东', '深圳'));
    expect(resolveRegion('香港大学深圳医院推行全预约制门诊')).toEqual(r('广东', '深圳'));
    // 宣武 alone is the former district, now 西城; the hospital names the city only.
    expect(resolveRegion('宣武医院:建成脑卒中急救信息平台')).toEqual(r('北京'));
    expect(resolveRegion('宣武:社区卫生服务中心上线')).toEqual(r('北京', null, '西城'));
  });

  it('lets the label decide whose news it is', () => {
    expect(resolveRegion('西京医院:与北京专家开展远程会诊')).toEqual(r('陕西', '西安'));
    expect(resolveRegion('北京:华西医院专家来京会诊')).toEqual(r('北京'));
    expect(resolveRegion('邵逸夫医院:与新疆阿拉尔医院共建远程平台')).toEqual(r('浙江', '杭州'));
  });

  it('takes a division named beside a hospital over the hospital’s own city', () => {
    // A branch stands where it is named; a partner city is more specific than the hospital's seat.
    expect(resolveRegion('瑞金医院无锡分院:正式开诊')).toEqual(r('江苏', '无锡'));
    expect(resolveRegion('华西医院与遂宁市中心医院共建医联体')).toEqual(r('四川', '遂宁'));
  });

  it.each(['协和医院:推出智能预问诊系统', '同济医院:开通线上复诊服务', '中山医院:试点人工智能影像诊断', '人民医院:推进电子病历应用'])(
    'leaves a hospital name that several provinces share untagged without context: %s',
    (title) => {
      expect(resolveRegion(title)).toEqual(NATIONAL);
    },
  );

  it.each([
    ['湖北:协和医院建成互联网医院', r('湖北', '武汉')],
    ['福建协和医院:上线移动支付', r('福建', '福州')],
    ['北京协和医院:门诊全面实行预约挂号', r('北京')],
    ['上海:同济医院上线智慧病房', r('上海')],
    ['厦门:中山医院开通互联网医院', r('福建', '厦门')],
    ['华中科技大学同济医学院附属协和医院:建成智慧医院', r('湖北', '武汉')],
    ['中山医院:与瑞金医院共建专科联盟', r('上海')],
  ])('places a shared hospital name by the province or city the title names: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });

  it.each([
    ['天府新区:建设智慧医疗示范区', r('四川')],
    ['西咸新区:首家三甲医院开工建设', r('陕西')],
    ['南沙新区:区域卫生信息平台上线', r('广东', '广州')],
    // 雄安新区 and 贵安新区 hold 安新区, which is not 保定's 安新县.
    ['雄安新区:智慧医疗专项规划发布', r('河北')],
    ['贵安新区:大数据健康产业园开园', r('贵州')],
    ['博鳌乐城:先行区获批使用进口创新药械', r('海南', '琼海')],
    ['浦东新区:家庭医生智能签约平台上线', r('上海', null, '浦东')],
  ])('resolves a new area or zone to its province: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });

  it('reads a landmark in the summary lead when the title names no place', () => {
    expect(resolveRegion('医院信息化经验交流会召开', '近日,华西医院举办经验交流会。')).toEqual(r('四川', '成都'));
  });

  it('does not take a comprehensive university for its city: its news is often national', () => {
    expect(resolveRegion('复旦大学医院管理研究所发布2015年度中国医院排行榜')).toEqual(NATIONAL);
  });
});

describe('resolveRegion: an everyday-word name alone before the colon', () => {
  it.each([
    ['合作:市人民医院上线远程心电诊断', r('甘肃', '甘南', '合作')],
    ['公安:县人民医院启用电子病历', r('湖北', '荆州', '公安')],
    ['中山:市人民医院检验报告可网上查询', r('广东', '中山')],
    ['瑞金:市人民医院接入远程会诊网络', r('江西', '赣州', '瑞金')],
    ['长寿:区人民医院建成数字化医院', r('重庆', null, '长寿')],
  ])('is the title’s place: %s', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });

  it.each(['阿里:发布医疗人工智能开放平台', '平安:智慧医疗落地多个城市', '合作共赢:医院与企业共建信息平台', '阿里健康:与多家医院合作推出电子处方'])(
    'is not when it means a company or starts a longer label: %s',
    (title) => {
      expect(resolveRegion(title)).toEqual(NATIONAL);
    },
  );

  it('still names the place right after its province', () => {
    expect(resolveRegion('西藏阿里:地区人民医院开通远程会诊')).toEqual(r('西藏', '阿里'));
  });
});

describe('resolveRegion: former names', () => {
  it.each([
    ['襄樊:市中心医院数字化建设通过评审', r('湖北', '襄阳')],
    ['思茅:区域卫生信息平台开工', r('云南', '普洱')],
    ['巢湖:新农合实现即时结报', r('安徽', '合肥', '巢湖')],
    ['上海闸北:社区卫生信息系统上线', r('上海', null, '静安')],
  ])('resolves %s to today’s division', (title, region) => {
    expect(resolveRegion(title)).toEqual(region);
  });
});

describe('resolveRegion: the summary', () => {
  it('names the region from its first sentence when the title names none', () => {
    expect(resolveRegion('市卫计委召开全市卫生信息化工作会议', '近日,锦州市卫计委召开会议。会上北京专家发言…')).toEqual(r('辽宁', '锦州'));
  });

  it('is not read past its first sentence', () => {
    expect(resolveRegion('市卫计委召开全市卫生信息化工作会议', '近日,市卫计委召开会议。锦州市各医院参加…')).toEqual(NATIONAL);
  });

  it('is ignored when the title reads as national news', () => {
    expect(resolveRegion('全国卫生信息化工作会议召开', '会议在杭州举行。')).toEqual(NATIONAL);
  });

  it('is ignored when its first sentence names several provinces or a national body', () => {
    expect(resolveRegion('远程医疗协作网启动', '北京、上海两地医院共同启动协作网。')).toEqual(NATIONAL);
    expect(resolveRegion('远程医疗协作网启动', '国家卫生计生委在杭州启动协作网。')).toEqual(NATIONAL);
  });

  it('never overrides the title', () => {
    expect(resolveRegion('珠海:移动云医疗上线', '杭州市民也可使用。')).toEqual(r('广东', '珠海'));
  });
});
