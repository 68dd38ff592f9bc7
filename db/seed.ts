// Reference data from the seeds: the province's 17 city offices, the provincial customer-service
// centre (11185) and the handling departments. Inserted once; existing rows are left alone.
import type { Db } from './client.js';
import { organisations } from './schema.js';

export const PROVINCIAL_ORG = 'province';

export const OFFICES: [code: string, name: string][] = [
  ['jinan', '济南'],
  ['qingdao', '青岛'],
  ['dezhou', '德州'],
  ['yantai', '烟台'],
  ['weifang', '潍坊'],
  ['linyi', '临沂'],
  ['zibo', '淄博'],
  ['heze', '菏泽'],
  ['jining', '济宁'],
  ['liaocheng', '聊城'],
  ['weihai', '威海'],
  ['laiwu', '莱芜'],
  ['binzhou', '滨州'],
  ['zaozhuang', '枣庄'],
  ['dongying', '东营'],
  ['rizhao', '日照'],
  ['taian', '泰安'],
];

export const DEPARTMENTS: [code: string, name: string][] = [
  ['dept-operations', '运营管理中心'],
  ['dept-delivery', '投递部'],
  ['dept-international', '国际邮件处理中心'],
  ['dept-claims', '理赔中心'],
];

export async function seedReferenceData(db: Db): Promise<void> {
  await db
    .insert(organisations)
    .values([
      ...OFFICES.map(([code, name]) => ({ code, name: `${name}市邮政分公司`, kind: 'office' as const })),
      { code: PROVINCIAL_ORG, name: '省客服中心（11185）', kind: 'provincial' as const },
      ...DEPARTMENTS.map(([code, name]) => ({ code, name, kind: 'department' as const })),
    ])
    .onConflictDoNothing();
}
