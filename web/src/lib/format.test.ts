import { describe, expect, it } from 'vitest';
import { formatBytes, formatLevels, formatNumber, formatPercent } from './format';

describe('zh-CN number formatting', () => {
  it('formats counts, rates and sizes', () => {
    expect(formatNumber(1248)).toBe('1,248');
    expect(formatNumber(null)).toBe('—');
    expect(formatPercent(0.234)).toBe('23.4%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
  it('lists escalations by level in ladder order, without empty levels', () => {
    expect(formatLevels({ '2': 1, '1': 3, '3': 0 })).toBe('1级:3 2级:1');
    expect(formatLevels({})).toBe('—');
  });
});
