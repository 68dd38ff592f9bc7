// Work-order queues. The department's (a person who works the desk): its running orders, most
// urgent first, with the transfers it may still refuse pinned on top; search by 工单编号 or 邮件号
// (which finds answered and closed orders too); filters by who holds the order (all, mine, waiting
// to be claimed, a colleague), by clock (due soon, overdue) and by category, each with its count
// (GET /v1/work-orders/facets). The office's: its own orders, where it urges, appends or
// reactivates. A row: number and mail number, category, status, assignee (the department's
// responsible unit for the office), both clocks counting down, urges and escalation level, and the
// order's actions — on one line at 1280 px.
import { Link, useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Flex, Input, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { itemsOf, useDeskPeople, useMe, useOrgName, useWorkOrderFacets, useWorkOrderList } from '../api/queries';
import type { Me, WorkOrder } from '../api/client';
import { PROBLEM_CATEGORIES } from '../../../domain/vocabulary';
import { label, t } from '../messages';
import { formatDateTime } from '../lib/time';
import { Page } from '../components/Page';
import { StatusTag } from '../components/StatusTag';
import { WorkOrderActions } from '../components/WorkOrderActions';
import { QueryError } from '../components/QueryError';
import { AssigneeTag, OrderClock, OrderNumber, transferText } from '../components/WorkOrderParts';

type Clock = 'dueSoon' | 'overdue';
type Category = (typeof PROBLEM_CATEGORIES)[number];

const withCount = (text: string, count: number | undefined) => (count === undefined ? text : t('wo.withCount', { label: text, count }));

/** What the person typed in the search box, as the API's filter: a GD- number exactly, else a mail number. */
function searchFilter(q: string): { number: string } | { mailNumber: string } | Record<string, never> {
  const v = q.trim();
  if (!v) return {};
  return /^GD-/i.test(v) ? { number: v.toUpperCase() } : { mailNumber: v };
}

/** The transfers into the department it may still refuse, each with its reason, on top of the queue. */
function PinnedTransfers({ me }: { me: Me }) {
  const orgName = useOrgName();
  const list = useWorkOrderList({ transferred: 'true', running: 'true', sort: 'deadline', limit: 50 });
  const pinned = itemsOf<WorkOrder>(list.data).filter((o) => o.pendingTransfer?.to === me.org && o.assignedOrg === me.org);
  if (!pinned.length) return null;
  return (
    <Card size="small" title={t('wo.pinnedTitle')} className="pinned-transfer" data-testid="pinned-transfers" styles={{ body: { padding: 0 } }}>
      {pinned.map((o) => (
        <Flex key={o.id} justify="space-between" align="center" gap={12} wrap className="pinned-row" data-pinned={o.number} style={{ padding: '8px 12px' }}>
          <Space size={12} wrap>
            <Link to={`/work-orders/${o.id}`}>{o.number}</Link>
            <Typography.Text strong type="warning">
              {transferText(o)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('wo.pinnedMeta', {
                org: orgName(o.pendingTransfer!.from),
                name: o.pendingTransfer!.by.name ?? o.pendingTransfer!.by.userId,
                until: formatDateTime(o.pendingTransfer!.refuseUntil),
              })}
            </Typography.Text>
          </Space>
          <WorkOrderActions order={o} size="small" compact />
        </Flex>
      ))}
    </Card>
  );
}

function Filters({ me, department }: { me: Me; department: boolean }) {
  const [params, setParams] = useSearchParams();
  const people = useDeskPeople(department ? me.org : null);
  const set = (key: string, value: string | null | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const search = params.get('q') ?? '';
  const assignee = params.get('assignee') ?? '';
  const clock = params.get('clock') ?? '';
  const category = params.get('category') ?? '';
  const openOnly = params.get('all') !== '1';
  const facets = useWorkOrderFacets({
    ...baseQuery(department, search, category, openOnly),
    ...(assignee ? { assignee } : {}),
    ...(clock ? { clock: clock as Clock } : {}),
  });
  const f = facets.data;
  const colleague = assignee && assignee !== 'me' && assignee !== 'none' ? assignee : undefined;
  return (
    <Flex wrap gap={12} align="center" className="queue-filters" data-testid="queue-filters">
      <Input.Search
        key={search}
        defaultValue={search}
        allowClear
        placeholder={t('wo.searchPlaceholder')}
        aria-label={t('wo.searchPlaceholder')}
        title={t('wo.searchHint')}
        enterButton={t('common.search')}
        style={{ width: 300 }}
        onSearch={(v) => set('q', v.trim())}
      />
      {department && (
        <Space size={8}>
          <Radio.Group
            optionType="button"
            size="middle"
            aria-label={t('wo.filterAssignee')}
            value={colleague ? undefined : assignee}
            onChange={(e) => set('assignee', e.target.value)}
            options={[
              { value: '', label: withCount(t('wo.filterAll'), f?.all) },
              { value: 'me', label: withCount(t('wo.filterMine'), f?.mine) },
              { value: 'none', label: withCount(t('wo.filterUnassigned'), f?.unassigned) },
            ]}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('wo.filterColleague')}
            aria-label={t('wo.filterColleague')}
            value={colleague}
            onChange={(v?: string) => set('assignee', v)}
            style={{ width: 130 }}
            options={(people.data ?? []).filter((p) => p.userId !== me.id).map((p) => ({ value: p.userId, label: p.name }))}
          />
        </Space>
      )}
      <Radio.Group
        optionType="button"
        aria-label={t('wo.filterClock')}
        value={clock}
        onChange={(e) => set('clock', e.target.value)}
        options={[
          { value: '', label: t('wo.filterClockAny') },
          { value: 'dueSoon', label: withCount(t('wo.filterDueSoon'), f?.dueSoon) },
          { value: 'overdue', label: withCount(t('wo.filterOverdue'), f?.overdue) },
        ]}
      />
      <Select
        showSearch
        optionFilterProp="label"
        aria-label={t('wo.filterCategory')}
        value={category}
        onChange={(v: string) => set('category', v)}
        style={{ width: 150 }}
        options={[
          { value: '', label: t('wo.filterCategoryAll') },
          ...PROBLEM_CATEGORIES.map((c) => ({ value: c, label: withCount(label('category', c), f ? (f.byCategory[c] ?? 0) : undefined) })),
        ]}
      />
      {!department && (
        <Space>
          <label htmlFor="open-only">{t('wo.openOnly')}</label>
          <Switch id="open-only" checked={openOnly} onChange={(on) => set('all', on ? null : '1')} />
        </Space>
      )}
    </Flex>
  );
}

/**
 * The list's scope before the assignee and clock filters: the department's to-do (orders with a
 * clock running) or the office's orders (open ones unless asked for all); a search finds any order
 * by its number or mail number.
 */
function baseQuery(department: boolean, search: string, category: string, openOnly: boolean) {
  const found = searchFilter(search);
  const scope = Object.keys(found).length ? found : department ? { running: 'true' as const } : openOnly ? { open: 'true' as const } : {};
  return { ...scope, ...(category ? { category: category as Category } : {}) };
}

function Queue({ department }: { department: boolean }) {
  const [params] = useSearchParams();
  const orgName = useOrgName();
  const search = params.get('q') ?? '';
  const assignee = params.get('assignee') ?? '';
  const clock = params.get('clock') ?? '';
  const base = baseQuery(department, search, params.get('category') ?? '', params.get('all') !== '1');
  // The department's to-do: most urgent first. A search, and the office's list: newest first.
  const sort = department && !search ? ('deadline' as const) : ('createdAt' as const);
  const list = useWorkOrderList({ ...base, ...(assignee ? { assignee } : {}), ...(clock ? { clock: clock as Clock } : {}), sort, limit: 50 });
  const items = itemsOf<WorkOrder>(list.data);

  return (
    <>
      <QueryError query={list} />
      <Table<WorkOrder>
        rowKey="id"
        size="small"
        className="nowrap-table"
        data-testid="work-order-queue"
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('wo.empty') }}
        rowClassName={(o) => (o.overdue ? 'overdue-row' : '')}
        columns={[
          {
            title: `${t('wo.number')} / ${t('wo.mailNumber')}`,
            dataIndex: 'number',
            render: (_v: string, o) => <OrderNumber order={o} />,
          },
          { title: t('wo.category'), dataIndex: 'problemCategory', render: (v: string) => label('category', v) },
          { title: t('wo.status'), dataIndex: 'status', render: (v: string) => <StatusTag group="woStatus" value={v} /> },
          department
            ? { title: t('wo.assignee'), key: 'assignee', render: (_v, o) => <AssigneeTag order={o} /> }
            : { title: t('wo.assignedOrg'), dataIndex: 'assignedOrg', render: orgName },
          { title: t('wo.responseClock'), key: 'response', render: (_v, o) => <OrderClock order={o} clock="response" compact /> },
          { title: t('wo.resolutionClock'), key: 'resolution', render: (_v, o) => <OrderClock order={o} clock="resolution" compact /> },
          {
            title: t('wo.urgeAndLevel'),
            key: 'urge',
            render: (_v, o) => (
              <Space size={4}>
                {o.urgeCount ? <Badge count={o.urgeCount} color="red" title={`${t('wo.urgeCount')} ${o.urgeCount}`} /> : <span>0</span>}
                <span>/</span>
                {o.escalationLevel ? (
                  <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
                    {t('esc.level', { level: o.escalationLevel })}
                  </Tag>
                ) : (
                  <span>{t('none')}</span>
                )}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_v, o) => <WorkOrderActions order={o} size="small" compact />,
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

export function MyOrdersPage() {
  const { data: me } = useMe();
  if (!me) return null;
  // The department's desk is for those who may see its people; the office lists its own orders.
  const department = me.capabilities.includes('deskPeople');
  return (
    <Page title={department ? t('wo.queueTitle') : t('wo.officeTitle')}>
      {department && <PinnedTransfers me={me} />}
      <Filters me={me} department={department} />
      <Queue department={department} />
    </Page>
  );
}
