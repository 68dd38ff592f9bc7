// A case's history: who (name, role, organisation), when (Shanghai time), what (the action and its
// details). Names, never codes: organisations by their directory name, people by theirs.
import { Empty, Tag, Timeline, Typography } from 'antd';
import type { HistoryEntry } from '../api/client';
import { useOrgName } from '../api/queries';
import { has, historyLabel, label, t, type MessageKey } from '../messages';
import { formatDateTime } from '../lib/time';

const COLOR: Record<string, string> = {
  returned: 'red',
  review_overdue: 'red',
  response_overdue: 'red',
  resolution_overdue: 'red',
  auto_abandoned: 'red',
  transfer_refused: 'red',
  returned_to_reviewer: 'red',
  unassignable: 'red',
  approved: 'green',
  closed: 'green',
  resolved: 'green',
  replied: 'green',
  claimed: 'green',
  abandoned: 'gray',
  note: 'gray',
};

/** Detail keys whose value is an organisation code, and those whose value is a person ({userId, name}). */
const ORG_KEYS = new Set(['assignedOrg', 'from', 'to', 'org']);
const PERSON_KEYS = new Set(['assignee', 'previous', 'by']);
/** Values told in words (a release's why, an assignment's mode). */
const WORDED: Record<string, string> = { why: 'why', mode: 'assignment', satisfaction: 'satisfaction', clock: 'clock' };

const isPerson = (v: unknown): v is { userId: string; name: string | null } => typeof v === 'object' && v !== null && 'userId' in v;

function useDetailValue() {
  const orgName = useOrgName();
  return (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('none');
    if (typeof value === 'boolean') return value ? t('yes') : t('no');
    if (typeof value === 'string' && /Deadline$|^deadline$|^until$|^since$/.test(key)) return formatDateTime(value);
    if (typeof value === 'string' && ORG_KEYS.has(key)) return orgName(value);
    if (PERSON_KEYS.has(key) && isPerson(value)) return value.name ?? value.userId;
    if (key === 'satisfaction' && typeof value === 'number') return t('satisfaction.value', { score: value, label: label('satisfaction', value) });
    if (WORDED[key] && (typeof value === 'string' || typeof value === 'number')) return label(WORDED[key], value);
    if (key === 'attachments' && Array.isArray(value)) return value.map((f: { name?: string }) => f.name ?? '').join('、');
    if (typeof value !== 'object') return String(value);
    return JSON.stringify(value);
  };
}

/** The label of a detail key: the action's own wording first (a transfer's 转至), then the key's. */
function keyLabel(action: string, key: string): string {
  for (const k of [`detail.${action}.${key}`, `detail.${key}`]) if (has(k)) return t(k as MessageKey);
  return key;
}

function Details({ action, detail }: { action: string; detail: Record<string, unknown> }) {
  const detailValue = useDetailValue();
  // Ids are for machines (the numbers beside them are for people).
  const entries = Object.entries(detail).filter(([k, v]) => v !== null && v !== undefined && v !== '' && !/Id$/.test(k));
  if (!entries.length) return null;
  return (
    <ul className="history-detail">
      {entries.map(([key, value]) => (
        <li key={key}>
          <Typography.Text type="secondary">{keyLabel(action, key)}：</Typography.Text>
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
          <div data-history-action={h.action} className={h.internal ? 'history-internal' : undefined}>
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {formatDateTime(h.at, true)}
            </Typography.Text>
            <Typography.Text strong>{historyLabel(h.action)}</Typography.Text>
            {h.internal && (
              <Tag color="purple" style={{ marginLeft: 8 }}>
                {t('wo.internalFile')}
              </Tag>
            )}
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {h.actor.role === 'system'
                ? t('role.system')
                : t('history.by', { name: h.actor.name ?? h.actor.userId, role: label('role', h.actor.role), org: orgName(h.actor.org) })}
            </Typography.Text>
            <Details action={h.action} detail={h.detail} />
          </div>
        ),
      }))}
    />
  );
}
