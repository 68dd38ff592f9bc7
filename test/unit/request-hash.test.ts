// An Idempotency-Key's request fingerprint: the same request whatever order its keys come in (a
// bulk item's retry reads its request back from jsonb, which reorders keys: before this, the retry
// of an item whose first attempt died mid-way was refused as IDEMPOTENCY_KEY_REUSED).
import { describe, expect, it } from 'vitest';
import { requestHash } from '../../api/services/idempotency.js';

describe('requestHash', () => {
  it('is the same for the same request with its keys in another order, at every depth', () => {
    const first = { action: 'transfer', to: 'dept-delivery', reason: { category: '非本部门职责', text: '属于投递部门的问题' } };
    const readBack = { reason: { text: '属于投递部门的问题', category: '非本部门职责' }, to: 'dept-delivery', action: 'transfer' };
    expect(requestHash('POST /v1/work-orders/x/transfer', readBack)).toBe(requestHash('POST /v1/work-orders/x/transfer', first));
  });

  it('differs for another value, another route, or no body', () => {
    const body = { action: 'transfer', to: 'dept-delivery' };
    const hash = requestHash('POST /a', body);
    expect(requestHash('POST /a', { ...body, to: 'dept-operations' })).not.toBe(hash);
    expect(requestHash('POST /b', body)).not.toBe(hash);
    expect(requestHash('POST /a', undefined)).not.toBe(hash);
    expect(requestHash('POST /a', undefined)).toBe(requestHash('POST /a', null));
  });
});
