import { Tag } from 'antd';
import { label } from '../messages';

const COLORS: Record<string, string> = {
  'appStatus.submitted': 'processing',
  'appStatus.returned': 'error',
  'appStatus.closed': 'default',
  'woStatus.dispatched': 'gold',
  'woStatus.accepted': 'processing',
  'woStatus.replied': 'cyan',
  'woStatus.closed': 'default',
  'escStatus.open': 'volcano',
  'escStatus.resolved': 'success',
};

export function StatusTag({ group, value }: { group: 'appStatus' | 'woStatus' | 'escStatus'; value: string }) {
  return <Tag color={COLORS[`${group}.${value}`] ?? 'default'}>{label(group, value)}</Tag>;
}
