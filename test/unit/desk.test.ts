// The desk's choices, pure: whom round robin and least load pick, and whose work an absent
// person's goes to.
import { describe, expect, it } from 'vitest';
import { chooseAssignee, resolveSubstitute, type Candidate } from '../../domain/desk.js';

const c = (userId: string, o: Partial<Candidate> = {}): Candidate => ({ userId, name: userId, load: 0, absent: false, lastAssignedAt: null, ...o });

describe('round robin', () => {
  const people = [c('a'), c('b', { absent: true }), c('c')];
  it('goes round in id order, skipping the absent', () => {
    const given: string[] = [];
    let last: string | null = null;
    for (let i = 0; i < 4; i++) {
      last = chooseAssignee('round_robin', people, 20, last)!.userId;
      given.push(last);
    }
    expect(given).toEqual(['a', 'c', 'a', 'c']);
  });
  it('skips those at the cap; nobody left is null', () => {
    expect(chooseAssignee('round_robin', [c('a', { load: 2 }), c('b')], 2, 'b')?.userId).toBe('b');
    expect(chooseAssignee('round_robin', [c('a', { load: 2 }), c('b', { absent: true })], 2, null)).toBeNull();
  });
  it('carries on after someone who left the department', () => {
    expect(chooseAssignee('round_robin', [c('a'), c('c')], 20, 'b')?.userId).toBe('c');
    expect(chooseAssignee('round_robin', [c('a'), c('c')], 20, 'z')?.userId).toBe('a');
  });
});

describe('least load', () => {
  it('the fewest held; a tie to whoever waited longest since their last order (never first), then by id', () => {
    expect(chooseAssignee('least_load', [c('a', { load: 2 }), c('b', { load: 1 })], 20, null)?.userId).toBe('b');
    const tie = [c('a', { load: 1, lastAssignedAt: '2026-12-01T02:00:00Z' }), c('b', { load: 1, lastAssignedAt: '2026-12-01T01:00:00Z' })];
    expect(chooseAssignee('least_load', tie, 20, null)?.userId).toBe('b');
    expect(chooseAssignee('least_load', [...tie, c('c', { load: 1 })], 20, null)?.userId).toBe('c');
    expect(chooseAssignee('least_load', [c('b'), c('a')], 20, null)?.userId).toBe('a');
  });
  it('manual never chooses', () => {
    expect(chooseAssignee('manual', [c('a')], 20, null)).toBeNull();
  });
});

describe('substitutes', () => {
  it('follows the chain while each is away; a circle or an end goes to the lead', () => {
    expect(resolveSubstitute('a', new Map([['a', 'b']]), 'lead')).toBe('b');
    expect(
      resolveSubstitute(
        'a',
        new Map([
          ['a', 'b'],
          ['b', 'c'],
        ]),
        'lead',
      ),
    ).toBe('c');
    expect(
      resolveSubstitute(
        'a',
        new Map([
          ['a', 'b'],
          ['b', 'a'],
        ]),
        'lead',
      ),
    ).toBe('lead');
    expect(resolveSubstitute('a', new Map([['a', null]]), 'lead')).toBe('lead');
    expect(resolveSubstitute('a', new Map(), 'lead')).toBe('a');
  });
});
