// The reviewer's queue: submitted applications by review deadline (live countdown, overdue badge),
// and replied work orders waiting to be closed against the closure standard.
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Badge, Button, Table, Tabs, Typography } from 'antd';
import { itemsOf, useApplicationList, useOrgName, useWorkOrderList } from '../api/queries';
import type { Application, WorkOrder } from '../api/client';
import { label, t } from '../messages';
import { formatDateTime } from '../lib/time';
import { Countdown } from '../components/Countdown';
import { Page } from '../components/Page';
import { WorkflowLink } from '../components/WorkflowLink';
import { WorkOrderActions } from '../components/WorkOrderActions';
import { QueryError } from '../components/QueryError';

function PendingReviews() {
  const navigate = useNavigate();
  const orgName = useOrgName();
  const list = useApplicationList({ status: 'submitted', sort: 'reviewDeadline', limit: 100 });
  const items = itemsOf<Application>(list.data);
  return (
    <>
      <QueryError query={list} />
      <Table<Application>
        rowKey="id"
        data-testid="review-queue"
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('review.empty') }}
        rowClassName={(a) => (a.overdue ? 'overdue-row' : '')}
        columns={[
          { title: t('apps.number'), dataIndex: 'number', render: (v: string, a) => <Link to={`/applications/${a.id}`}>{v}</Link> },
          { title: t('apps.mailNumber'), dataIndex: 'mailNumber' },
          { title: t('apps.org'), dataIndex: 'org', render: orgName },
          { title: t('apps.category'), dataIndex: 'problemCategory', render: (v: string) => label('category', v) },
          { title: t('apps.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('review.countdown'),
            dataIndex: 'reviewDeadline',
            render: (v: string | null, a) => <Countdown deadline={v} overdue={a.overdue} showTime />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_v, a) => (
              <>
                <Button size="small" type="primary" onClick={() => navigate(`/applications/${a.id}`)} style={{ marginRight: 8 }}>
                  {t('common.view')}
                </Button>
                <WorkflowLink workflowId={a.workflowId} compact />
              </>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ marginTop: 12 }}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}

function RepliedOrders() {
  const orgName = useOrgName();
  const list = useWorkOrderList({ status: 'replied', limit: 100 });
  const items = itemsOf<WorkOrder>(list.data);
  return (
    <>
      <QueryError query={list} />
      <Table<WorkOrder>
        rowKey="id"
        data-testid="close-queue"
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('review.emptyClose') }}
        columns={[
          { title: t('wo.number'), dataIndex: 'number', render: (v: string, o) => <Link to={`/work-orders/${o.id}`}>{v}</Link> },
          { title: t('wo.mailNumber'), dataIndex: 'mailNumber' },
          { title: t('wo.category'), dataIndex: 'problemCategory', render: (v: string) => label('category', v) },
          { title: t('wo.assignedOrg'), dataIndex: 'assignedOrg', render: orgName },
          { title: t('wo.resolvedAt'), dataIndex: 'resolvedAt', render: (v: string | null) => formatDateTime(v) },
          { title: t('wo.result'), dataIndex: 'result', ellipsis: true, render: (v: string | null) => <Typography.Text>{v ?? t('none')}</Typography.Text> },
          { title: t('wo.customerAccepted'), dataIndex: 'customerAccepted', render: (v: boolean | null) => (v === null ? t('none') : v ? t('yes') : t('no')) },
          { title: t('common.actions'), key: 'actions', render: (_v, o) => <WorkOrderActions order={o} size="small" /> },
        ]}
      />
    </>
  );
}

export function ReviewPage() {
  const [params, setParams] = useSearchParams();
  const pending = useApplicationList({ status: 'submitted', sort: 'reviewDeadline', limit: 100 });
  const replied = useWorkOrderList({ status: 'replied', limit: 100 });
  const tab = params.get('tab') === 'close' ? 'close' : 'review';
  return (
    <Page title={t('review.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'close' ? { tab: 'close' } : {})}
        items={[
          {
            key: 'review',
            label: (
              <Badge count={itemsOf<Application>(pending.data).length} offset={[12, 0]} overflowCount={99}>
                {t('review.pending')}
              </Badge>
            ),
            children: <PendingReviews />,
          },
          {
            key: 'close',
            label: (
              <Badge count={itemsOf<WorkOrder>(replied.data).length} offset={[12, 0]} overflowCount={99}>
                {t('review.toClose')}
              </Badge>
            ),
            children: <RepliedOrders />,
          },
        ]}
      />
    </Page>
  );
}
