// A deadline with its live countdown: "剩余 1小时23分", orange in the last share of its clock (the
// policy's desk.dueSoonShare of the time from `startedAt` to the deadline), red and badged once overdue.
import { Badge, Space, Tag, Tooltip } from 'antd';
import { usePolicy } from '../api/queries';
import { t } from '../messages';
import { countdownText, deadlineState, formatDateTime } from '../lib/time';
import { useNow } from './useNow';

const COLORS = { none: 'default', ok: 'blue', dueSoon: 'orange', overdue: 'red' } as const;

export function Countdown({
  deadline,
  startedAt,
  overdue,
  showTime = false,
  compact = false,
}: {
  deadline: string | null | undefined;
  /** When the deadline's clock started (`currentClockStartedAt`): due soon is its last share. */
  startedAt?: string | null;
  overdue?: boolean;
  showTime?: boolean;
  /** Only the tag (tables): the state is its colour, the time its tooltip. */
  compact?: boolean;
}) {
  const now = useNow();
  const policy = usePolicy();
  if (!deadline) return <span>{t('deadline.none')}</span>;
  const computed = deadlineState(deadline, now, { startedAt, dueSoonShare: policy.data?.desk.dueSoonShare });
  const state = overdue && computed !== 'overdue' ? 'overdue' : computed;
  return (
    <Space size={4} wrap={!compact}>
      {showTime && <span>{formatDateTime(deadline)}</span>}
      <Tooltip title={formatDateTime(deadline, true)}>
        <Tag color={COLORS[state]} data-deadline-state={state} style={compact ? { marginInlineEnd: 0 } : undefined}>
          {countdownText(deadline, now)}
        </Tag>
      </Tooltip>
      {!compact && state === 'overdue' && <Badge status="error" text={t('deadline.overdueBadge')} />}
      {!compact && state === 'dueSoon' && <Badge status="warning" text={t('deadline.dueSoon')} />}
    </Space>
  );
}
