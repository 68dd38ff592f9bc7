// A mail item at a glance: the item, the hotline's dispatches, its applications and work orders,
// and per problem category what the creation rules (创建规范) will say — folded to one line when
// every category may be created (the form below stays in view), open when some may not.
import { Link } from 'react-router-dom';
import { Card, Col, Collapse, Descriptions, Empty, List, Row, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleTwoTone } from '@ant-design/icons';
import type { MailItemOverview as Overview } from '../api/client';
import { useOrgName } from '../api/queries';
import { has, label, t, type MessageKey } from '../messages';
import { formatDateTime } from '../lib/time';
import { StatusTag } from './StatusTag';
import { SuggestedAction } from './SuggestedAction';

/** A mail item's facts (labels never wrap: "收寄时间", not "收寄时 / 间"). */
export function MailItemCard({
  item,
  column = { xs: 1, sm: 2, lg: 3 },
}: {
  item: Pick<Overview['mailItem'], 'mailNumber' | 'collectingOrg' | 'businessType' | 'acceptedAt'> & { destinationCountry?: string | null };
  /** Items per row: three across the page, two in a case page's main column. */
  column?: { xs: number; sm?: number; md?: number; lg?: number };
}) {
  const orgName = useOrgName();
  return (
    <Descriptions
      size="small"
      bordered
      column={column}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={[
        { key: 'mailNumber', label: t('mail.mailNumber'), children: item.mailNumber },
        { key: 'collectingOrg', label: t('mail.collectingOrg'), children: orgName(item.collectingOrg) },
        { key: 'businessType', label: t('mail.businessType'), children: label('businessType', item.businessType) },
        { key: 'acceptedAt', label: t('mail.acceptedAt'), children: formatDateTime(item.acceptedAt) },
        { key: 'destinationCountry', label: t('mail.destinationCountry'), children: item.destinationCountry ?? t('none') },
      ]}
    />
  );
}

export function MailItemOverview({ overview }: { overview: Overview }) {
  const { mailItem, applications, workOrders, creationRules } = overview;
  const refused = creationRules.filter((r) => !r.allowed).length;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card title={t('mail.item')} size="small">
          <MailItemCard item={mailItem} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('mail.dispatches')} size="small">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={mailItem.externalDispatches ?? []}
            locale={{ emptyText: t('mail.noDispatches') }}
            columns={[
              { title: t('mail.dispatchId'), dataIndex: 'id' },
              { title: t('mail.dispatchKind'), dataIndex: 'kind', render: (v: string) => label('dispatchKind', v) },
              { title: t('form.problemCategory'), dataIndex: 'problemCategory', render: (v: string) => label('category', v) },
              { title: t('mail.dispatchStatus'), dataIndex: 'status', render: (v: string) => label('dispatchStatus', v) },
              { title: t('detail.deadline'), dataIndex: 'deadline', render: (v?: string) => formatDateTime(v) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={`${t('mail.applications')} / ${t('mail.workOrders')}`} size="small">
          {applications.length === 0 && workOrders.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <List
              size="small"
              dataSource={[
                ...applications.map((a) => ({
                  key: a.id,
                  to: `/applications/${a.id}`,
                  number: a.number,
                  category: a.problemCategory,
                  tag: <StatusTag group="appStatus" value={a.status} />,
                })),
                ...workOrders.map((o) => ({
                  key: o.id,
                  to: `/work-orders/${o.id}`,
                  number: o.number,
                  category: o.problemCategory,
                  tag: <StatusTag group="woStatus" value={o.status} />,
                })),
              ]}
              renderItem={(row) => (
                <List.Item>
                  <Space wrap>
                    <Link to={row.to}>{row.number}</Link>
                    <span>{label('category', row.category)}</span>
                    {row.tag}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Collapse
          size="small"
          defaultActiveKey={refused ? ['rules'] : []}
          items={[
            {
              key: 'rules',
              label: (
                <Space wrap>
                  {t('mail.rules')}
                  <Typography.Text type={refused ? 'warning' : 'secondary'} data-testid="rules-summary">
                    {t('mail.rulesSummary', { allowed: creationRules.length - refused, refused })}
                  </Typography.Text>
                </Space>
              ),
              children: <RulesTable overview={overview} />,
            },
          ]}
        />
      </Col>
    </Row>
  );
}

function RulesTable({ overview }: { overview: Overview }) {
  const { applications, workOrders, creationRules } = overview;
  return (
    <Table
      size="small"
      rowKey="problemCategory"
      pagination={false}
      dataSource={creationRules}
      scroll={{ x: 640 }}
      rowClassName={(r) => (r.allowed ? '' : 'overdue-row')}
      columns={[
        { title: t('form.problemCategory'), dataIndex: 'problemCategory', width: 140, render: (v: string) => label('category', v) },
        {
          title: t('mail.ruleColumn'),
          key: 'rule',
          render: (_v, r) =>
            r.allowed ? (
              <Space>
                <CheckCircleTwoTone twoToneColor="#52c41a" />
                {t('mail.ruleAllowed')}
              </Space>
            ) : (
              <Typography.Text type="warning">{has(`rule.${r.rule}`) ? t(`rule.${r.rule}` as MessageKey) : r.message}</Typography.Text>
            ),
        },
        {
          title: t('common.actions'),
          key: 'action',
          width: 160,
          render: (_v, r) => (r.allowed ? null : <SuggestedAction suggestion={r} size="small" />),
        },
        {
          title: t('mail.existingColumn'),
          key: 'existing',
          render: (_v, r) =>
            r.existingWorkOrderId ? (
              workOrders.some((o) => o.id === r.existingWorkOrderId) ? (
                <Link to={`/work-orders/${r.existingWorkOrderId}`}>{workOrders.find((o) => o.id === r.existingWorkOrderId)!.number}</Link>
              ) : (
                <Tag>{r.existingWorkOrderId}</Tag>
              )
            ) : r.existingApplicationId ? (
              <Link to={`/applications/${r.existingApplicationId}`}>
                {applications.find((a) => a.id === r.existingApplicationId)?.number ?? t('mail.existingApplication')}
              </Link>
            ) : null,
        },
      ]}
    />
  );
}
