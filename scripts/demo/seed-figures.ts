// The seed's May–June 2016 figures (domain.md §5): applications per office, and returns chosen so
// the overall return rate is 23.4 % with 青岛, 菏泽, 莱芜, 枣庄 and 聊城 above 30 %.
export const SEED_FIGURES: { org: string; created: number; returned: number }[] = [
  { org: 'jinan', created: 789, returned: 174 },
  { org: 'qingdao', created: 147, returned: 45 },
  { org: 'dezhou', created: 83, returned: 18 },
  { org: 'yantai', created: 73, returned: 16 },
  { org: 'weifang', created: 46, returned: 10 },
  { org: 'linyi', created: 31, returned: 7 },
  { org: 'zibo', created: 23, returned: 5 },
  { org: 'heze', created: 13, returned: 5 },
  { org: 'jining', created: 11, returned: 2 },
  { org: 'liaocheng', created: 10, returned: 4 },
  { org: 'weihai', created: 9, returned: 2 },
  { org: 'laiwu', created: 7, returned: 3 },
  { org: 'binzhou', created: 2, returned: 0 },
  { org: 'zaozhuang', created: 2, returned: 1 },
  { org: 'dongying', created: 1, returned: 0 },
  { org: 'rizhao', created: 1, returned: 0 },
  { org: 'taian', created: 0, returned: 0 },
];

export const SEED_TOTAL = SEED_FIGURES.reduce((n, f) => n + f.created, 0); // 1,248
