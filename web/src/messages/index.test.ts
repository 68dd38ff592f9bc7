import { describe, expect, it } from 'vitest';
import { historyLabel, label, t } from './index';

describe('messages', () => {
  it('fills placeholders', () => {
    expect(t('error.conflict', { status: '完案' })).toBe('已被其他人处理（当前状态：完案）');
    expect(t('deadline.remaining', { text: '5分钟' })).toBe('剩余 5分钟');
  });
  it('labels enumerations, and shows values it does not know as they are', () => {
    expect(label('category', 'compensation')).toBe('理赔/仲裁');
    expect(label('businessType', 'intl_export_parcel_domestic')).toBe('国际出口包裹(国内段)');
    expect(label('role', 'integration')).toBe('系统接口');
    expect(label('becameOrder', false)).toBe('否');
    expect(label('category', 'something_new')).toBe('something_new');
    expect(label('category', null)).toBe('—');
  });
  it('names history actions, operators’ ones as 运维操作', () => {
    expect(historyLabel('auto_abandoned')).toBe('超时自动放弃');
    expect(historyLabel('climbed')).toBe('逐级上升');
    expect(historyLabel('ops_reset')).toBe('运维操作：重置');
    expect(historyLabel('ops.reconcile')).toBe('运维操作：对账');
    expect(historyLabel('ops.something')).toBe('运维操作：something');
  });
});
