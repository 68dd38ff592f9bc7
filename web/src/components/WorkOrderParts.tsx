// Pieces of a work order the queue and its page both show: its two clocks, who holds it, a pending
// transfer's reason; and the page's own: the conversation with the office, the related orders.
import { Link } from 'react-router-dom';
import { Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import type { HistoryEntry, WorkOrder } from '../api/client';
import { useOrgName } from '../api/queries';
import { historyLabel, label, t } from '../messages';
import { formatDateTime } from '../lib/time';
import { attachmentUrl } from './CaseParts';
import { ClockChip } from './ClockChip';
import { StatusTag } from './StatusTag';

/**
 * One of the order's two clocks as the API states it (ClockChip): with its deadline beside it on
 * the order's page; the chip alone in a table row.
 */
export function OrderClock({ order, clock, compact = false }: { order: WorkOrder; clock: 'response' | 'resolution'; compact?: boolean }) {
  const view = order.clocks.find((c) => c.clock === clock);
  if (!view) return <span>{t('none')}</span>;
  if (compact) return <ClockChip clock={view} />;
  return (
    <Space size={4}>
      <span>{formatDateTime(view.deadline)}</span>
      <ClockChip clock={view} />
    </Space>
  );
}

/** A list's first cell: the order's number (its page) over its mail number; a transfer the department may still refuse is tagged, its reason the tag's tip. */
export function OrderNumber({ order }: { order: WorkOrder }) {
  const pending = order.pendingTransfer && order.pendingTransfer.to === order.assignedOrg;
  return (
    <Space orientation="vertical" size={0}>
      <Space size={4}>
        <Link to={`/work-orders/${order.id}`}>{order.number}</Link>
        {pending && (
          <Tooltip title={transferText(order)}>
            <Tag color="orange" style={{ marginInlineEnd: 0 }}>
              {t('wo.transfer')}
            </Tag>
          </Tooltip>
        )}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {order.mailNumber}
      </Typography.Text>
    </Space>
  );
}

/** Who holds the order in its department: their name, or 待认领 while it waits in the queue. */
export function AssigneeTag({ order }: { order: Pick<WorkOrder, 'assignee' | 'status'> }) {
  if (order.assignee) return <span data-testid="assignee">{order.assignee.name ?? order.assignee.userId}</span>;
  if (order.status === 'dispatched' || order.status === 'accepted')
    return (
      <Tag color="gold" data-testid="assignee" style={{ marginInlineEnd: 0 }}>
        {t('wo.unassigned')}
      </Tag>
    );
  return <span data-testid="assignee">{t('none')}</span>;
}

/** 转派：非本部门职责 — 应由投递部处理, with where it came from and until when it may be refused. */
export function transferText(order: WorkOrder): string | null {
  const p = order.pendingTransfer;
  return p ? t('wo.pinnedTransfer', { category: p.reasonCategory, reason: p.reason }) : null;
}

/** The conversation of the case, both sides in one thread: the department's questions and replies, the office's appends, the department's internal notes. */
const THREAD: Record<string, string> = { asked: 'question', appended: 'info', replied: 'result', note: 'note' };

interface FileRef {
  id: string;
  name: string;
}

export function CaseThread({ applicationId, history }: { applicationId: string; history: HistoryEntry[] }) {
  const orgName = useOrgName();
  const entries = history.filter((h) => THREAD[h.action]);
  return (
    <Card title={`${t('wo.thread')}（${entries.length}）`} style={{ marginTop: 16 }} data-testid="case-thread">
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wo.threadEmpty')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {entries.map((h, i) => {
            const text = String(h.detail[THREAD[h.action]!] ?? '');
            const files = (Array.isArray(h.detail.attachments) ? h.detail.attachments : []) as FileRef[];
            const side = h.actor.role === 'office' ? 'office' : 'department';
            return (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: history entries carry no id; the list only grows, in (at, id) order, so an entry keeps its position.
                key={`${h.at}-${i}`}
                className={`thread-entry thread-${side}${h.internal ? ' thread-internal' : ''}`}
                data-thread-action={h.action}
                data-internal={h.internal ? 'true' : undefined}
              >
                <Space size={8} wrap>
                  <Typography.Text strong>{historyLabel(h.action)}</Typography.Text>
                  {h.internal && <Tag color="purple">{t('wo.threadInternal')}</Tag>}
                  <Typography.Text type="secondary">
                    {h.actor.name ?? h.actor.userId} · {orgName(h.actor.org)} · {formatDateTime(h.at)}
                  </Typography.Text>
                </Space>
                {typeof h.detail.answers === 'string' && (
                  <Typography.Paragraph type="secondary" className="thread-quote">
                    {h.detail.answers}
                  </Typography.Paragraph>
                )}
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{text}</Typography.Paragraph>
                {files.length > 0 && (
                  <Space size={12} wrap>
                    {files.map((f) => (
                      <Typography.Link key={f.id} href={attachmentUrl(applicationId, f.id)} download={f.name}>
                        <PaperClipOutlined /> {f.name}
                      </Typography.Link>
                    ))}
                  </Space>
                )}
              </div>
            );
          })}
        </Space>
      )}
    </Card>
  );
}

/** The other orders on the same mail number (those the person may see). */
export function RelatedOrders({ related }: { related: WorkOrder[] }) {
  const orgName = useOrgName();
  return (
    <Card title={t('wo.related')} style={{ marginTop: 16 }}>
      <Table<WorkOrder>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={related}
        locale={{ emptyText: t('wo.noRelated') }}
        columns={[
          { title: t('wo.number'), dataIndex: 'number', render: (v: string, o) => <Link to={`/work-orders/${o.id}`}>{v}</Link> },
          { title: t('wo.category'), dataIndex: 'problemCategory', render: (v: string) => label('category', v) },
          { title: t('wo.status'), dataIndex: 'status', render: (v: string) => <StatusTag group="woStatus" value={v} /> },
          { title: t('wo.assignedOrg'), dataIndex: 'assignedOrg', render: orgName },
          { title: t('wo.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}
