// A saved view: its orders in its columns and order (the count is the same rule counted), live;
// select some, or take every match, for a bulk action.
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, unwrap, type Schemas } from '../api/client';
import { useAction } from '../api/actions';
import { useOrgName, useViews } from '../api/queries';
import { errorText } from '../api/errors';
import { label, t } from '../messages';
import { formatDateTime } from '../lib/time';
import { Countdown } from '../components/Countdown';
import { Page } from '../components/Page';
import { StatusTag } from '../components/StatusTag';
import { ViewEditor, type VIEW_COLUMNS } from '../components/ViewEditor';
import { BulkActions } from '../components/BulkActions';

type Item = Schemas['ViewItem'];
type Column = (typeof VIEW_COLUMNS)[number];

function columnsOf(names: readonly Column[], orgName: (c: string) => string): ColumnsType<Item> {
  const all: Record<Column, ColumnsType<Item>[number]> = {
    number: { title: t('view.col.number'), key: 'number', render: (_, o) => <Link to={`/work-orders/${o.id}`}>{o.number}</Link> },
    mailNumber: { title: t('view.col.mailNumber'), key: 'mailNumber', dataIndex: 'mailNumber' },
    status: { title: t('view.col.status'), key: 'status', render: (_, o) => <StatusTag group="woStatus" value={o.status} /> },
    category: { title: t('view.col.category'), key: 'category', render: (_, o) => label('category', o.problemCategory) },
    assignedOrg: { title: t('view.col.assignedOrg'), key: 'assignedOrg', render: (_, o) => orgName(o.assignedOrg) },
    assignee: { title: t('view.col.assignee'), key: 'assignee', render: (_, o) => o.assignee?.name ?? o.assignee?.userId ?? t('view.assignee.none') },
    clock: {
      title: t('view.col.clock'),
      key: 'clock',
      render: (_, o) =>
        o.clocks.filter((c) => !['met', 'missed'].includes(c.state)).map((c) => <Tag key={c.clock}>{t(`view.clock.${c.state as 'running'}`)}</Tag>),
    },
    remaining: {
      title: t('view.col.remaining'),
      key: 'remaining',
      render: (_, o) => (o.currentDeadline ? <Countdown deadline={o.currentDeadline} overdue={o.overdue} /> : t('none')),
    },
    transferCount: { title: t('view.col.transferCount'), key: 'transferCount', dataIndex: 'transferCount' },
    tags: { title: t('view.col.tags'), key: 'tags', render: (_, o) => o.tags.map((x) => <Tag key={x}>{x}</Tag>) },
    createdAt: { title: t('view.col.createdAt'), key: 'createdAt', render: (_, o) => formatDateTime(o.createdAt) },
    updatedAt: { title: t('view.col.updatedAt'), key: 'updatedAt', render: (_, o) => formatDateTime(o.updatedAt) },
  };
  return names.map((n) => all[n]);
}

export function ViewPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const orgName = useOrgName();
  const views = useViews();
  const view = views.data?.find((v) => v.id === id);
  const [editing, setEditing] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const items = useInfiniteQuery({
    queryKey: ['workOrder', 'list', 'view', id],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/v1/views/{id}/work-orders', { params: { path: { id }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const remove = useAction({ run: () => unwrap(api.DELETE('/v1/views/{id}', { params: { path: { id } } })), onDone: () => navigate('/') });
  if (items.isError) return <Alert type="error" showIcon title={errorText(items.error)} />;
  const rows = items.data?.pages.flatMap((p) => p.items) ?? [];
  const count = items.data?.pages[0]?.count ?? 0;
  return (
    <Page
      title={
        <Space>
          {view?.name}
          <Tag data-testid="view-count">{t('view.count', { count })}</Tag>
          {view && <Tag>{t(`view.scope.${view.scope}`)}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <BulkActions selected={selected} viewId={id} viewCount={count} />
          {view?.mine && <Button onClick={() => setEditing(true)}>{t('view.edit')}</Button>}
          {view?.mine && (
            <Popconfirm title={t('view.delete')} onConfirm={() => remove.submit(undefined)}>
              <Button danger>{t('view.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Card>
        <Table<Item>
          rowKey="id"
          size="small"
          loading={items.isPending}
          dataSource={rows}
          pagination={false}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
          columns={columnsOf((view?.columns ?? ['number', 'status']) as Column[], orgName)}
          data-testid="view-table"
        />
        {items.hasNextPage && (
          <Button block style={{ marginTop: 12 }} loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        )}
      </Card>
      {editing && view && <ViewEditor view={view} onClose={() => setEditing(false)} />}
    </Page>
  );
}
