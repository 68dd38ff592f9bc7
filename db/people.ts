// The people local mode starts with, so the console can be tried at once: agents in every office,
// the provincial centre's reviewers, supervisors, operators and an administrator, and handlers in
// every department. Never seeded in production (the directory is managed there).
import type { Role } from '../domain/vocabulary.js';
import type { Db } from './client.js';
import { DEPARTMENTS, OFFICES, PROVINCIAL_ORG } from './seed.js';
import { users } from './schema.js';

export interface Person {
  id: string;
  name: string;
  org: string;
  roles: Role[];
  phone: string;
  lead?: boolean;
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '晓东',
  '海燕',
  '志强',
  '丹',
  '鹏',
  '玉兰',
];

/** Deterministic names and phone numbers: the same people on every machine. */
function person(i: number, id: string, org: string, roles: Role[]): Person {
  const name = SURNAMES[(i * 7) % SURNAMES.length]! + GIVEN[(i * 11) % GIVEN.length]!;
  return { id, name, org, roles, phone: `1380000${String(1000 + i).slice(-4)}` };
}

export function localPeople(): Person[] {
  const list: [id: string, org: string, roles: Role[]][] = [
    ...OFFICES.flatMap(([code]): [string, string, Role[]][] => [
      [`${code}-agent-1`, code, ['office']],
      [`${code}-agent-2`, code, ['office']],
    ]),
    ['reviewer-1', PROVINCIAL_ORG, ['reviewer']],
    ['reviewer-2', PROVINCIAL_ORG, ['reviewer']],
    ['reviewer-3', PROVINCIAL_ORG, ['reviewer']],
    ['supervisor-1', PROVINCIAL_ORG, ['supervisor']],
    ['supervisor-2', PROVINCIAL_ORG, ['supervisor', 'reviewer']],
    ['ops-1', PROVINCIAL_ORG, ['ops']],
    ['admin-1', PROVINCIAL_ORG, ['admin']],
    ...DEPARTMENTS.flatMap(([code]): [string, string, Role[]][] => [
      [`${code}-handler-1`, code, ['handler']],
      [`${code}-handler-2`, code, ['handler']],
    ]),
    // Last, so everyone before keeps the name the index gives them.
    ...DEPARTMENTS.map(([code]): [string, string, Role[]] => [`${code}-lead`, code, ['handler']]),
  ];
  // Each department's lead (负责人) assigns its orders and is told when nobody can take one.
  return list.map(([id, org, roles], i) => ({ ...person(i, id, org, roles), ...(id.endsWith('-lead') ? { lead: true } : {}) }));
}

/** Inserts the local people that are missing; people already in the directory are left as they are. */
export async function seedLocalPeople(db: Db): Promise<void> {
  await db
    .insert(users)
    .values(localPeople().map((p) => ({ ...p, login: p.id })))
    .onConflictDoNothing();
}
