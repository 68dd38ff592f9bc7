import { describe, expect, it } from 'vitest';
import { fieldPath } from './fields';
import { changedFields } from './changes';

describe('server-named fields on the form', () => {
  it('maps body paths to form paths', () => {
    expect(fieldPath('body.customer.phone')).toEqual(['customer', 'phone']);
    expect(fieldPath('reason')).toEqual(['reason']);
    expect(fieldPath('attachments.0.contentType')).toEqual(['attachments']);
    expect(fieldPath('international')).toEqual(['international']);
  });
});

describe('resubmission sends what changed', () => {
  it('compares nested values', () => {
    const before = { demand: '尽快投递', customer: { name: '张三', phone: '139' }, complexity: 'simple' };
    expect(changedFields(before, { demand: '尽快投递', customer: { name: '张三', phone: '138' }, complexity: 'simple', description: undefined })).toEqual({
      customer: { name: '张三', phone: '138' },
    });
    expect(changedFields(before, { ...before })).toEqual({});
    expect(changedFields(before, { ...before, description: '补充说明' })).toEqual({ description: '补充说明' });
  });
});
