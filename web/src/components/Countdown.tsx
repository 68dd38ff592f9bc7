// A deadline with its live countdown: "剩余 1小时23分", orange within 2 h, red and badged once overdue.
import { Badge, Space, Tag, Tooltip } from 'antd';
import { t } from '../messages';
import { countdownText, deadlineState, formatDateTime } from '../lib/time';
import { useNow } from './useNow';

const COLORS = { none: 'default', ok: 'blue', dueSoon: 'orange', overdue: 'red' } as const;

export function Countdown({ deadline, overdue, showTime = false }: { deadline: string | null | undefined; overdue?: boolean; showTime?: boolean }) {
  const now = useNow();
  if (!deadline) return <span>{t('deadline.none')}</span>;
  const state = overdue && deadlineState(deadline, now) !== 'overdue' ? 'overdue' : deadlineState(deadline, now);
  return (
    <Space size={4} wrap>
      {showTime && <span>{formatDateTime(deadline)}</span>}
      <Tooltip title={formatDateTime(deadline, true)}>
        <Tag color={COLORS[state]} data-deadline-state={state}>
          {countdownText(deadline, now)}
        </Tag>
      </Tooltip>
      {state === 'overdue' && <Badge status="error" text={t('deadline.overdueBadge')} />}
      {state === 'dueSoon' && <Badge status="warning" text={t('deadline.dueSoon')} />}
    </Space>
  );
}
