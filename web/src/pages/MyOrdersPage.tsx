// Work-order queues. A handler: the department's open orders, most urgent current deadline first,
// with response/resolution deadlines, urges and appended information. An office: its own orders,
// where it urges, appends or reactivates.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Badge, Button, List, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { itemsOf, useMe, useOrgName, useWorkOrder, useWorkOrderList } from '../api/queries';
import { errorText } from '../api/errors';
import type { WorkOrder } from '../api/client';
import { label, t } from '../messages';
import { formatDateTime } from '../lib/time';
import { Countdown } from '../components/Countdown';
import { Page } from '../components/Page';
import { StatusTag } from '../components/StatusTag';
import { WorkflowLink } from '../components/WorkflowLink';
import { WorkOrderActions } from '../components/WorkOrderActions';
import { QueryError } from '../components/QueryError';

/** The information offices appended, read from the order's history when its row is expanded. */
function Appended({ id }: { id: string }) {
  const detail = useWorkOrder(id);
  if (detail.isPending) return <Spin size="small" />;
  if (detail.isError) return <Alert type="error" title={errorText(detail.error)} />;
  const appended = detail.data.history.filter((h) => h.action === 'appended');
  const urges = detail.data.history.filter((h) => h.action === 'urged');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <List
        size="small"
        header={<Typography.Text strong>{`${t('wo.appended')}（${appended.length}）`}</Typography.Text>}
        dataSource={appended}
        locale={{ emptyText: t('wo.noAppended') }}
        renderItem={(h) => (
          <List.Item data-testid="appended-info">
            {formatDateTime(h.at)} · {String(h.detail.info ?? '')}
          </List.Item>
        )}
      />
      {urges.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{`${t('wo.urgeCount')}（${urges.length}）`}</Typography.Text>}
          dataSource={urges}
          renderItem={(h) => (
            <List.Item>
              {formatDateTime(h.at)} · {String(h.detail.note ?? t('none'))}
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

export function MyOrdersPage() {
  const { data: me } = useMe();
  const handler = me?.role === 'handler';
  const orgName = useOrgName();
  const [openOnly, setOpenOnly] = useState(true);
  // The handler's to-do: orders with a deadline running (to accept or answer), most urgent first.
  // The office's: all its orders (replied and closed ones too), newest first.
  const list = useWorkOrderList(handler ? { open: 'true', sort: 'deadline', limit: 100 } : { ...(openOnly ? { open: 'true' as const } : {}), limit: 100 });
  const items = itemsOf<WorkOrder>(list.data);

  return (
    <Page
      title={handler ? t('wo.queueTitle') : t('wo.officeTitle')}
      extra={
        !handler && (
          <Space>
            <label htmlFor="open-only">{t('wo.openOnly')}</label>
            <Switch id="open-only" checked={openOnly} onChange={setOpenOnly} />
          </Space>
        )
      }
    >
      <QueryError query={list} />
      <Table<WorkOrder>
        rowKey="id"
        data-testid="work-order-queue"
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1250 }}
        locale={{ emptyText: t('wo.empty') }}
        rowClassName={(o) => (o.overdue ? 'overdue-row' : '')}
        expandable={{ expandedRowRender: (o) => <Appended id={o.id} /> }}
        columns={[
          { title: t('wo.number'), dataIndex: 'number', fixed: 'left', render: (v: string, o) => <Link to={`/work-orders/${o.id}`}>{v}</Link> },
          { title: t('wo.mailNumber'), dataIndex: 'mailNumber' },
          { title: t('wo.category'), dataIndex: 'problemCategory', render: (v: string) => label('category', v) },
          { title: t('wo.status'), dataIndex: 'status', render: (v: string) => <StatusTag group="woStatus" value={v} /> },
          handler ? { title: t('wo.org'), dataIndex: 'org', render: orgName } : { title: t('wo.assignedOrg'), dataIndex: 'assignedOrg', render: orgName },
          {
            title: t('wo.currentDeadline'),
            dataIndex: 'currentDeadline',
            render: (v: string | null, o) => (o.status === 'closed' ? t('none') : <Countdown deadline={v} overdue={o.overdue} />),
          },
          { title: t('wo.responseDeadline'), dataIndex: 'responseDeadline', render: (v: string) => formatDateTime(v) },
          { title: t('wo.resolutionDeadline'), dataIndex: 'resolutionDeadline', render: (v: string) => formatDateTime(v) },
          { title: t('wo.urgeCount'), dataIndex: 'urgeCount', render: (v: number) => (v ? <Badge count={v} color="red" /> : 0) },
          {
            title: t('wo.escalationLevel'),
            dataIndex: 'escalationLevel',
            render: (v: number) => (v ? <Tag color="volcano">{t('esc.level', { level: v })}</Tag> : t('none')),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_v, o) => (
              <Space wrap>
                <WorkOrderActions order={o} size="small" />
                <WorkflowLink workflowId={o.workflowId} compact />
              </Space>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ marginTop: 12 }}>
          {t('common.loadMore')}
        </Button>
      )}
    </Page>
  );
}
