// How the office report splits a period between the daily counts and the rows at its edges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPeriod } from '../../api/services/reports.js';

const DAY = 86_400_000;
const d = (iso: string) => new Date(iso);

describe('splitPeriod', () => {
  it('takes the whole UTC days inside the period and leaves the partial ones as edges', () => {
    expect(splitPeriod(d('2026-05-03T05:17:00Z'), d('2026-06-20T13:01:00Z'))).toEqual({ lo: d('2026-05-04T00:00:00Z'), hi: d('2026-06-20T00:00:00Z') });
    expect(splitPeriod(d('2026-05-01T00:00:00Z'), d('2026-06-01T00:00:00Z'))).toEqual({ lo: d('2026-05-01T00:00:00Z'), hi: d('2026-06-01T00:00:00Z') });
  });

  it('a period with no whole day is all edge', () => {
    expect(splitPeriod(d('2026-06-02T03:00:00Z'), d('2026-06-02T21:00:00Z'))).toEqual({ lo: d('2026-06-02T21:00:00Z'), hi: d('2026-06-02T21:00:00Z') });
    // Across one midnight: [from, midnight) and [midnight, to) are both edges, no day between.
    expect(splitPeriod(d('2026-05-31T12:00:00Z'), d('2026-06-01T12:00:00Z'))).toEqual({ lo: d('2026-06-01T00:00:00Z'), hi: d('2026-06-01T00:00:00Z') });
  });

  it('edges and days always tile the period exactly, edges shorter than a day', () => {
    const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        fc.pre(a !== b);
        const [from, to] = [new Date(Math.min(a, b)), new Date(Math.max(a, b))];
        const { lo, hi } = splitPeriod(from, to);
        expect(from <= lo && lo <= hi && hi <= to).toBe(true);
        // Each edge is shorter than a day; the whole days between start and end at midnight. With no
        // whole day in the period (lo = hi) the two edges meet at a midnight, or the period is one edge.
        expect(lo.getTime() - from.getTime()).toBeLessThan(DAY);
        expect(to.getTime() - hi.getTime()).toBeLessThan(DAY);
        expect(lo.getTime() % DAY === 0 || lo.getTime() === to.getTime()).toBe(true);
        expect(hi.getTime() % DAY === 0 || hi.getTime() === to.getTime()).toBe(true);
      }),
    );
  });
});
