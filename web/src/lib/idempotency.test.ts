import { describe, expect, it } from 'vitest';
import { createSubmission, stableJson } from './idempotency';

describe('one Idempotency-Key per submission', () => {
  const keys = () => {
    let n = 0;
    return () => `k${++n}`;
  };
  it('reuses the key when the same content is sent again (double click, retry after an error)', () => {
    const s = createSubmission(keys());
    expect(s.keyFor({ decision: 'approve' })).toBe('k1');
    expect(s.keyFor({ decision: 'approve' })).toBe('k1');
  });
  it('takes a new key for changed content and after a success', () => {
    const s = createSubmission(keys());
    expect(s.keyFor({ reason: 'a' })).toBe('k1');
    expect(s.keyFor({ reason: 'b' })).toBe('k2');
    s.done();
    expect(s.keyFor({ reason: 'b' })).toBe('k3');
  });
  it('compares content regardless of key order and undefined fields', () => {
    expect(stableJson({ b: 1, a: { d: [1, 2], c: undefined } })).toBe(stableJson({ a: { d: [1, 2] }, b: 1 }));
    expect(stableJson({ a: [1, 2] })).not.toBe(stableJson({ a: [2, 1] }));
  });
});
