// The landmark generator: what it makes of the table, and the mistakes in a table it refuses,
// each with the line and what to change.
import { describe, expect, it } from 'vitest';
import { buildLandmarks } from '../../src/regions/generate-landmarks.ts';

const SOURCE = '@source s | a public list\n';

describe('buildLandmarks', () => {
  it('reads a row into a landmark with its forms, place and source', () => {
    const file = buildLandmarks(`${SOURCE}# a comment\nhospital | 陕西 | 西安 | 空军军医大学西京医院, 西京医院 | s | in 西安\n`);
    expect(file.sources).toEqual({ s: 'a public list' });
    expect(file.landmarks).toEqual([
      { name: '空军军医大学西京医院', forms: ['空军军医大学西京医院', '西京医院'], kind: 'hospital', province: '陕西', city: '西安', source: 's', note: 'in 西安' },
    ]);
  });

  it('takes - as no city (a municipality, or an area spanning cities)', () => {
    const file = buildLandmarks(`${SOURCE}new-area | 陕西 | - | 西咸新区 | s |\nhospital | 北京 | - | 天坛医院 | s |\n`);
    expect(file.landmarks.map((l) => [l.province, l.city])).toEqual([
      ['陕西', null],
      ['北京', null],
    ]);
  });

  it('keeps a name listed under several places, which makes it shared', () => {
    const file = buildLandmarks(`${SOURCE}hospital | 北京 | - | 协和医院 | s |\nhospital | 湖北 | 武汉 | 协和医院 | s |\n`);
    expect(file.landmarks).toHaveLength(2);
  });

  it('reads head words, which must be everyday-word place names', () => {
    expect(buildLandmarks(`${SOURCE}head-word | - | - | 阿里 | s | Alibaba\n`).headWords).toEqual([{ name: '阿里', note: 'Alibaba' }]);
    expect(() => buildLandmarks(`${SOURCE}head-word | - | - | 成都 | s | a city\n`)).toThrow(/landmarks\.txt:2: 成都 is not one of the gazetteer's everyday-word names/);
  });

  it.each([
    ['hospital | 陕西 | 西咸 | 西咸新区 | s |', /landmarks\.txt:2: "西咸" is not a prefecture-level city of 陕西/],
    ['hospital | 陕西省 | 西安 | 西京医院 | s |', /landmarks\.txt:2: unknown province "陕西省"; use the gazetteer's short name/],
    ['hospital | 北京 | - | 浦东新区 | s |', /"浦东新区" is already a division's name in the gazetteer/],
    ['hospital | 陕西 | 西安 | 西京医院 | other |', /source "other" has no @source line/],
    ['clinic | 陕西 | 西安 | 西京医院 | s |', /unknown kind "clinic"/],
    ['hospital | 陕西 | 西安 | 西京医院', /expected 6 cells/],
    ['hospital | 陕西 | 西安 | 西京医院, 西京医院 | s |', /"西京医院" is listed for 陕西西安 already on line 2/],
  ])('refuses %s', (row, message) => {
    expect(() => buildLandmarks(`${SOURCE}${row}\n`)).toThrow(message);
  });
});
