// A case's clock as the API states it (running, warning, overdue, paused, met, missed): one chip with
// a colour, an icon and words — 剩余 1小时20分 / 预警 剩余 20分 / 超时 35分 / 已暂停 / 已达成 / 逾期完成.
// While a clock runs the chip moves on by itself (the same rule as the API's: its last share is a
// warning), so a page left open turns from 剩余 to 预警 to 超时 without a refetch.
import { Tag, Tooltip } from 'antd';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  ExclamationCircleOutlined,
  PauseCircleOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { Schemas } from '../api/client';
import { usePolicy } from '../api/queries';
import { t } from '../messages';
import { deadlineState, durationText, formatDateTime } from '../lib/time';
import { useNow } from './useNow';

export type ClockView = Schemas['Clock'];

const LOOK = {
  running: { color: 'blue', icon: <ClockCircleOutlined /> },
  warning: { color: 'orange', icon: <WarningOutlined /> },
  overdue: { color: 'red', icon: <ExclamationCircleOutlined /> },
  paused: { color: 'purple', icon: <PauseCircleOutlined /> },
  met: { color: 'green', icon: <CheckCircleOutlined /> },
  missed: { color: 'volcano', icon: <CloseCircleOutlined /> },
} as const;

/** The state now: a running clock's moves on with time; the others stay as the API said. */
function liveState(c: ClockView, now: number, share: number | undefined): ClockView['state'] {
  if (c.state !== 'running' && c.state !== 'warning' && c.state !== 'overdue') return c.state;
  const s = deadlineState(c.deadline, now, { startedAt: c.startedAt, dueSoonShare: share });
  return s === 'overdue' ? 'overdue' : s === 'dueSoon' ? 'warning' : 'running';
}

function words(state: ClockView['state'], c: ClockView, now: number): string {
  switch (state) {
    case 'running':
      return t('clockState.running', { text: durationText(Date.parse(c.deadline) - now) });
    case 'warning':
      return t('clockState.warning', { text: durationText(Date.parse(c.deadline) - now) });
    case 'overdue':
      return t('clockState.overdue', { text: durationText(now - Date.parse(c.deadline)) });
    case 'paused':
      return t('clockState.paused');
    case 'met':
      return t('clockState.met');
    case 'missed':
      return t('clockState.missed', { text: durationText(-c.remainingMs) });
  }
}

export function ClockChip({ clock }: { clock: ClockView }) {
  const now = useNow();
  const policy = usePolicy();
  const state = liveState(clock, now, policy.data?.desk.dueSoonShare);
  const look = LOOK[state];
  return (
    <Tooltip title={t('clockState.tip', { deadline: formatDateTime(clock.deadline, true) })}>
      <Tag color={look.color} icon={look.icon} data-clock={clock.clock} data-clock-state={state} style={{ marginInlineEnd: 0 }}>
        {words(state, clock, now)}
      </Tag>
    </Tooltip>
  );
}
