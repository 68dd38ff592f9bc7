// A case's history: who (name, role, organisation), when (Shanghai time), what (the action and its details).
import { Empty, Timeline, Typography } from 'antd';
import type { HistoryEntry } from '../api/client';
import { useOrgName } from '../api/queries';
import { has, historyLabel, label, t } from '../messages';
import { formatDateTime } from '../lib/time';

const COLOR: Record<string, string> = {
  returned: 'red',
  review_overdue: 'red',
  response_overdue: 'red',
  resolution_overdue: 'red',
  auto_abandoned: 'red',
  approved: 'green',
  closed: 'green',
  resolved: 'green',
  replied: 'green',
  abandoned: 'gray',
};

function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('none');
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'string' && /Deadline$|^deadline$/.test(key)) return formatDateTime(value);
  if (key === 'assignedOrg' || key === 'level' || key === 'satisfaction' || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}

function Details({ detail }: { detail: Record<string, unknown> }) {
  // Ids are for machines (the numbers beside them are for people).
  const entries = Object.entries(detail).filter(([k, v]) => v !== null && v !== undefined && v !== '' && !/Id$/.test(k));
  if (!entries.length) return null;
  return (
    <ul className="history-detail">
      {entries.map(([key, value]) => (
        <li key={key}>
          <Typography.Text type="secondary">{has(`detail.${key}`) ? t(`detail.${key}` as never) : key}：</Typography.Text>
          {key === 'changes' && value && typeof value === 'object'
            ? Object.keys(value)
                .map((k) => (has(`form.${k}`) ? t(`form.${k}` as never) : k))
                .join('、')
            : detailValue(key, value)}
        </li>
      ))}
    </ul>
  );
}

export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  const orgName = useOrgName();
  if (!history.length) return <Empty description={t('history.empty')} />;
  return (
    <Timeline
      items={history.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: COLOR[h.action] ?? 'blue',
        content: (
          <div data-history-action={h.action}>
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {formatDateTime(h.at, true)}
            </Typography.Text>
            <Typography.Text strong>{historyLabel(h.action)}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {h.actor.role === 'system'
                ? t('role.system')
                : t('history.by', { name: h.actor.name ?? h.actor.userId, role: label('role', h.actor.role), org: orgName(h.actor.org) })}
            </Typography.Text>
            <Details detail={h.detail} />
          </div>
        ),
      }))}
    />
  );
}
