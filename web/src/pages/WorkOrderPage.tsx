// A work order's case page: deadlines with live countdowns, result, urges and appended
// information, its escalation, the linked application, the history, and the role's actions.
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Card, Col, Descriptions, List, Result, Row, Space, Spin, Tag } from 'antd';
import { ApiError } from '../api/client';
import { useMe, useOrgName, useWorkOrder } from '../api/queries';
import { errorText } from '../api/errors';
import { label, t } from '../messages';
import { canUse } from '../lib/access';
import { formatDateTime } from '../lib/time';
import { CaseSidebar } from '../components/CaseParts';
import { Countdown } from '../components/Countdown';
import { Page } from '../components/Page';
import { StatusTag } from '../components/StatusTag';
import { WorkflowLink } from '../components/WorkflowLink';
import { EscalateButton } from '../components/EscalateButton';
import { WorkOrderActions } from '../components/WorkOrderActions';
import { CaseArticles } from '../components/CaseArticles';

const yesNo = (v: boolean | null) => (v === null ? t('none') : v ? t('yes') : t('no'));

export function WorkOrderPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const query = useWorkOrder(id);
  const orgName = useOrgName();
  const o = query.data;

  if (query.isPending) return <Spin />;
  if (query.isError) {
    return query.error instanceof ApiError && query.error.status === 404 ? (
      <Result status="404" title={t('common.notFound')} />
    ) : (
      <Alert type="error" showIcon title={errorText(query.error)} />
    );
  }
  if (!o || !me) return null;
  const appended = o.history.filter((h) => h.action === 'appended');
  const open = o.status !== 'closed';

  return (
    <Page
      title={
        <Space wrap>
          {t('wo.caseTitle', { number: o.number })}
          <StatusTag group="woStatus" value={o.status} />
        </Space>
      }
      extra={
        <Space wrap align="start">
          <WorkOrderActions order={o} open={params.get('action')} />
          <EscalateButton subjectType="workOrder" subject={o} />
          <WorkflowLink workflowId={o.workflowId} compact />
        </Space>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('app.basic')}>
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'number', label: t('wo.number'), children: o.number },
                { key: 'status', label: t('wo.status'), children: <StatusTag group="woStatus" value={o.status} /> },
                { key: 'mail', label: t('wo.mailNumber'), children: o.mailNumber },
                {
                  key: 'application',
                  label: t('wo.application'),
                  children: canUse(me, 'application') ? <Link to={`/applications/${o.applicationId}`}>{t('common.view')}</Link> : t('none'),
                },
                { key: 'category', label: t('wo.category'), children: label('category', o.problemCategory) },
                { key: 'complexity', label: t('wo.complexity'), children: label('complexity', o.complexity) },
                { key: 'org', label: t('wo.org'), children: orgName(o.org) },
                { key: 'assignedOrg', label: t('wo.assignedOrg'), children: orgName(o.assignedOrg) },
                {
                  key: 'current',
                  label: t('wo.currentDeadline'),
                  span: 'filled',
                  children: open && o.currentDeadline ? <Countdown deadline={o.currentDeadline} overdue={o.overdue} showTime /> : t('none'),
                },
                { key: 'response', label: t('wo.responseDeadline'), children: formatDateTime(o.responseDeadline) },
                { key: 'resolution', label: t('wo.resolutionDeadline'), children: formatDateTime(o.resolutionDeadline) },
                { key: 'promise', label: t('wo.promiseDeadline'), children: formatDateTime(o.promiseDeadline) },
                { key: 'createdAt', label: t('wo.createdAt'), children: formatDateTime(o.createdAt) },
                { key: 'respondedAt', label: t('wo.respondedAt'), children: formatDateTime(o.respondedAt) },
                { key: 'resolvedAt', label: t('wo.resolvedAt'), children: formatDateTime(o.resolvedAt) },
                { key: 'urgeCount', label: t('wo.urgeCount'), children: o.urgeCount ? <Tag color="red">{o.urgeCount}</Tag> : 0 },
                { key: 'reactivationCount', label: t('wo.reactivationCount'), children: o.reactivationCount },
                { key: 'escalationLevel', label: t('wo.escalationLevel'), children: o.escalationLevel || t('none') },
                { key: 'customerAccepted', label: t('wo.customerAccepted'), children: yesNo(o.customerAccepted) },
                { key: 'result', label: t('wo.result'), span: 'filled', children: o.result ?? t('none') },
                { key: 'meetsStandard', label: t('wo.meetsStandard'), children: yesNo(o.meetsStandard) },
                { key: 'satisfaction', label: t('wo.satisfaction'), children: o.satisfaction ?? t('none') },
                { key: 'closedAt', label: t('wo.closedAt'), children: formatDateTime(o.closedAt) },
                { key: 'reactivatableUntil', label: t('wo.reactivatableUntil'), children: formatDateTime(o.reactivatableUntil) },
              ]}
            />
          </Card>
          <Card title={`${t('wo.appended')}（${appended.length}）`} style={{ marginTop: 16 }}>
            <List
              size="small"
              dataSource={appended}
              locale={{ emptyText: t('wo.noAppended') }}
              renderItem={(h) => (
                <List.Item>
                  <List.Item.Meta title={String(h.detail.info ?? '')} description={`${formatDateTime(h.at)} · ${h.actor.name ?? h.actor.userId}`} />
                </List.Item>
              )}
            />
          </Card>
          <CaseArticles order={o} />
        </Col>
        <CaseSidebar subjectId={o.id} history={o.history} />
      </Row>
    </Page>
  );
}
