// Applications with the contract's filters (status, number, mail number, became an order, created
// range — the last month by default), paged by cursor. For an office: its own office's, with
// returned ones standing out (tag, reason) and their resubmit / abandon at hand.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { itemsOf, useApplicationList, useMe, useOrgName } from '../api/queries';
import type { Application } from '../api/client';
import { label, t } from '../messages';
import { dayRangeToIso, formatDateTime, lastMonthRange } from '../lib/time';
import { Countdown } from '../components/Countdown';
import { Page } from '../components/Page';
import { StatusTag } from '../components/StatusTag';
import { AbandonButton, ResubmitLink } from '../components/ApplicationActions';
import { WorkflowLink } from '../components/WorkflowLink';
import { QueryError } from '../components/QueryError';

interface Filters {
  status?: 'submitted' | 'returned' | 'closed' | '';
  number?: string;
  mailNumber?: string;
  becameOrder?: 'true' | 'false' | '';
  created: [Dayjs, Dayjs];
}

function toQuery(f: Filters) {
  const { from, to } = dayRangeToIso(f.created[0], f.created[1]);
  return {
    status: f.status || undefined,
    number: f.number?.trim() || undefined,
    mailNumber: f.mailNumber?.trim() || undefined,
    becameOrder: f.becameOrder || undefined,
    createdFrom: from,
    createdTo: to,
    limit: 50,
  };
}

export function ApplicationsPage() {
  const { data: me } = useMe();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>(() => ({ created: lastMonthRange(Date.now()) }));
  const list = useApplicationList(toQuery(filters));
  const items = itemsOf<Application>(list.data);
  const office = me?.role === 'office';
  const orgName = useOrgName();

  return (
    <Page title={office ? t('apps.officeTitle') : t('apps.title')}>
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="inline" initialValues={filters} onFinish={(v) => setFilters(v)} style={{ rowGap: 8 }}>
          <Form.Item name="status" label={t('apps.status')}>
            <Select
              style={{ width: 120 }}
              options={[{ value: '', label: t('apps.any') }, ...['submitted', 'returned', 'closed'].map((s) => ({ value: s, label: label('appStatus', s) }))]}
            />
          </Form.Item>
          <Form.Item name="number" label={t('apps.number')}>
            <Input allowClear style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="mailNumber" label={t('apps.mailNumber')}>
            <Input allowClear style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="becameOrder" label={t('apps.becameOrder')}>
            <Select
              style={{ width: 90 }}
              options={[
                { value: '', label: t('apps.any') },
                { value: 'true', label: t('becameOrder.true') },
                { value: 'false', label: t('becameOrder.false') },
              ]}
            />
          </Form.Item>
          <Form.Item name="created" label={t('apps.createdRange')} rules={[{ required: true }]}>
            <DatePicker.RangePicker allowClear={false} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                const reset = { created: lastMonthRange(Date.now()) };
                form.resetFields();
                form.setFieldsValue(reset);
                setFilters(reset);
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      <QueryError query={list} />
      <Table<Application>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('apps.empty') }}
        rowClassName={(a) => (a.status === 'returned' ? 'returned-row' : '')}
        columns={[
          { title: t('apps.number'), dataIndex: 'number', fixed: 'left', render: (v: string, a) => <Link to={`/applications/${a.id}`}>{v}</Link> },
          { title: t('apps.mailNumber'), dataIndex: 'mailNumber' },
          { title: t('apps.category'), dataIndex: 'problemCategory', render: (v: string) => label('category', v) },
          {
            title: t('apps.status'),
            dataIndex: 'status',
            render: (v: string, a) => (
              <Space orientation="vertical" size={2}>
                <StatusTag group="appStatus" value={v} />
                {a.status === 'returned' && a.returnReason && (
                  <Typography.Text type="danger" data-testid="return-reason">
                    {t('apps.returnReason')}：{a.returnReason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('apps.becameOrder'),
            dataIndex: 'becameOrder',
            render: (v: boolean | null) => (v === null ? t('none') : <Tag color={v ? 'green' : 'default'}>{label('becameOrder', v)}</Tag>),
          },
          ...(office ? [] : [{ title: t('apps.org'), dataIndex: 'org', render: orgName }]),
          { title: t('apps.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('apps.actionDeadline'),
            key: 'deadline',
            render: (_v, a) =>
              a.status === 'submitted' ? (
                <Countdown deadline={a.reviewDeadline} startedAt={a.currentClockStartedAt} overdue={a.overdue} />
              ) : a.status === 'returned' ? (
                <Countdown deadline={a.actionDeadline} startedAt={a.currentClockStartedAt} />
              ) : (
                t('none')
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_v, a) => (
              <Space wrap>
                {office && a.status === 'returned' && (
                  <>
                    <ResubmitLink application={a} size="small" />
                    <AbandonButton application={a} size="small" />
                  </>
                )}
                <WorkflowLink workflowId={a.workflowId} compact />
              </Space>
            ),
          },
        ]}
      />
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          items.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </div>
    </Page>
  );
}
