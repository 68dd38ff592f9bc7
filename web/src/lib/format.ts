// Numbers and rates in the locale's formatting (zh-CN).
import { t } from '../messages';

const integer = new Intl.NumberFormat(t('app.numberLocale'));
const percentFormat = new Intl.NumberFormat(t('app.numberLocale'), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatNumber = (n: number | null | undefined) => (n === null || n === undefined ? t('none') : integer.format(n));

/** A rate in [0, 1] as "23.4%"; — when there is nothing to divide. */
export const formatPercent = (rate: number | null | undefined) => (rate === null || rate === undefined ? t('none') : percentFormat.format(rate));

/** File sizes: 512 B, 12.3 KB, 1.5 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Escalations per ladder level as "1级:3 2级:1", levels in order. */
export function formatLevels(byLevel: Record<string, number>): string {
  const parts = Object.entries(byLevel)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([level, count]) => t('report.levelCount', { level, count }));
  return parts.length ? parts.join(' ') : t('none');
}
