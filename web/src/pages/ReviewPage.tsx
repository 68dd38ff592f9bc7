// The reviewer's queue: submitted applications by review deadline (live countdown, overdue badge);
// replied work orders waiting to be closed against the closure standard; orders a department sent
// back as misrouted (待改派, with its reason) to re-dispatch; and closed orders for the return
// visit (once per closure: its button goes when it is recorded) and reactivation.
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Badge, Button, Table, Tabs, Tag, Typography } from 'antd';
import { itemsOf, useApplicationList, useMe, useOrgName, useWorkOrderFacets, useWorkOrderList } from '../api/queries';
import type { Application, WorkOrder } from '../api/client';
import type { paths } from '../api/schema';
import { label, t, type MessageKey } from '../messages';
import { formatDateTime } from '../lib/time';
import { Countdown } from '../components/Countdown';
import { Page } from '../components/Page';
import { WorkflowLink } from '../components/WorkflowLink';
import { WorkOrderActions } from '../components/WorkOrderActions';
import { OrderClock, OrderNumber } from '../components/WorkOrderParts';
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
            render: (v: string | null, a) => <Countdown deadline={v} startedAt={a.currentClockStartedAt} overdue={a.overdue} showTime />,
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

type OrderStatus = NonNullable<NonNullable<paths['/v1/work-orders']['get']['parameters']['query']>['status']>;

/** One list of work orders in one status, with the columns that status needs. */
function OrderList({ status, empty, testId }: { status: OrderStatus; empty: MessageKey; testId: string }) {
  const orgName = useOrgName();
  const list = useWorkOrderList({ status, limit: 100 });
  const items = itemsOf<WorkOrder>(list.data);
  const columns: NonNullable<Parameters<typeof Table<WorkOrder>>[0]['columns']> = [
    { title: `${t('wo.number')} / ${t('wo.mailNumber')}`, dataIndex: 'number', render: (_v: string, o) => <OrderNumber order={o} /> },
    { title: t('wo.category'), dataIndex: 'problemCategory', render: (v: string) => label('category', v) },
    { title: t('wo.assignedOrg'), dataIndex: 'assignedOrg', render: orgName },
  ];
  if (status === 'replied')
    columns.push(
      { title: t('wo.resolvedAt'), dataIndex: 'resolvedAt', render: (v: string | null) => formatDateTime(v) },
      {
        title: t('wo.result'),
        dataIndex: 'result',
        ellipsis: true,
        render: (v: string | null) => <Typography.Text>{v ?? t('none')}</Typography.Text>,
      },
      { title: t('wo.customerAccepted'), dataIndex: 'customerAccepted', render: (v: boolean | null) => (v === null ? t('none') : v ? t('yes') : t('no')) },
    );
  if (status === 'misrouted')
    columns.push(
      {
        title: t('wo.misrouteReason'),
        dataIndex: 'misrouteReason',
        ellipsis: true,
        render: (v: string | null) => (
          <Typography.Text type="danger" data-testid="misroute-reason">
            {v ?? t('none')}
          </Typography.Text>
        ),
      },
      { title: t('wo.responseClock'), key: 'response', render: (_v, o) => <OrderClock order={o} clock="response" compact /> },
    );
  if (status === 'closed')
    columns.push(
      { title: t('wo.closedAt'), dataIndex: 'closedAt', render: (v: string | null) => formatDateTime(v) },
      { title: t('wo.meetsStandardShort'), dataIndex: 'meetsStandard', render: (v: boolean | null) => (v === null ? t('none') : v ? t('yes') : t('no')) },
      {
        title: t('wo.satisfaction'),
        dataIndex: 'satisfaction',
        render: (v: number | null) =>
          v ? (
            <Tag color={v >= 4 ? 'green' : v <= 2 ? 'red' : 'default'} data-testid="satisfaction">
              {t('satisfaction.value', { score: v, label: label('satisfaction', v) })}
            </Tag>
          ) : (
            <Tag color="gold">{t('review.returnVisitDue')}</Tag>
          ),
      },
      {
        title: t('wo.reactivatableUntil'),
        key: 'reactivatableUntil',
        render: (_v, o) => (o.allowedActions.includes('reactivate') ? formatDateTime(o.reactivatableUntil) : t('none')),
      },
    );
  columns.push({ title: t('common.actions'), key: 'actions', render: (_v, o) => <WorkOrderActions order={o} size="small" compact /> });
  return (
    <>
      <QueryError query={list} />
      <Table<WorkOrder>
        rowKey="id"
        size="small"
        className="nowrap-table"
        data-testid={testId}
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t(empty) }}
        rowClassName={(o) => (o.overdue ? 'overdue-row' : '')}
        columns={columns}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ marginTop: 12 }}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}

/** A tab's label with its count beside it (not over it). */
const TabLabel = ({ text, count }: { text: string; count: number | undefined }) => (
  <span>
    {text}
    {!!count && <Badge count={count} overflowCount={99} className="tab-count" />}
  </span>
);

const TABS = ['review', 'close', 'misrouted', 'closed'] as const;
type Tab = (typeof TABS)[number];

export function ReviewPage() {
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  // The reviewer's own lists of work orders: those they close, re-dispatch and visit.
  const orders = !!me?.capabilities.includes('reviewOrders');
  const pending = useApplicationList({ status: 'submitted', sort: 'reviewDeadline', limit: 100 });
  const replied = useWorkOrderFacets({ status: 'replied' }, orders);
  const misrouted = useWorkOrderFacets({ status: 'misrouted' }, orders);
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) && (asked === 'review' || orders) ? asked : 'review';
  return (
    <Page title={t('review.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'review' ? {} : { tab: k })}
        items={[
          {
            key: 'review',
            label: <TabLabel text={t('review.pending')} count={itemsOf<Application>(pending.data).length} />,
            children: <PendingReviews />,
          },
          ...(orders
            ? [
                {
                  key: 'close',
                  label: <TabLabel text={t('review.toClose')} count={replied.data?.all} />,
                  children: <OrderList status="replied" empty="review.emptyClose" testId="close-queue" />,
                },
                {
                  key: 'misrouted',
                  label: <TabLabel text={t('review.misrouted')} count={misrouted.data?.all} />,
                  children: <OrderList status="misrouted" empty="review.emptyMisrouted" testId="misrouted-queue" />,
                },
                {
                  key: 'closed',
                  label: <TabLabel text={t('review.closedOrders')} count={undefined} />,
                  children: <OrderList status="closed" empty="review.emptyClosed" testId="closed-orders" />,
                },
              ]
            : []),
        ]}
      />
    </Page>
  );
}
