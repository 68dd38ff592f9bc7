// A work order's case page: the whole case as the department needs it — what the customer asks and
// whom to call (the application behind the order, the full phone), the files (internal ones
// marked), the conversation with the office in one thread, the order's facts with both clocks
// counting down, the mail item, the other orders on the same mail number — and, beside it, its
// escalation and full history; above it, exactly the actions the caller may take.
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Typography, type DescriptionsProps } from 'antd';
import { ApiError, type WorkOrderDetail } from '../api/client';
import { useMe, useOrgName, useWorkOrder } from '../api/queries';
import { errorText } from '../api/errors';
import { label, t } from '../messages';
import { canUse } from '../lib/access';
import { durationText, formatDateTime } from '../lib/time';
import { AttachmentList, CaseSidebar, internationalItems } from '../components/CaseParts';
import { MailItemCard } from '../components/MailItemOverview';
import { Page } from '../components/Page';
import { StatusTag } from '../components/StatusTag';
import { WorkflowLink } from '../components/WorkflowLink';
import { EscalateButton } from '../components/EscalateButton';
import { WorkOrderActions } from '../components/WorkOrderActions';
import { AssigneeTag, CaseThread, OrderClock, RelatedOrders } from '../components/WorkOrderParts';
import { CaseArticles } from '../components/CaseArticles';

const yesNo = (v: boolean | null) => (v === null ? t('none') : v ? t('yes') : t('no'));

/** A case's facts: two to a row, labels on one line. */
const FactList = ({ items }: { items: DescriptionsProps['items'] }) => (
  <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }} items={items} />
);

/** What the customer asks and whom to call: the application behind the order. */
function CustomerCard({ o }: { o: WorkOrderDetail }) {
  const a = o.application;
  if (!a) return <Alert type="warning" showIcon title={t('wo.noApplication')} />;
  return (
    <Card title={t('wo.customerCard')} data-testid="customer-card">
      <FactList
        items={[
          {
            key: 'demand',
            label: t('app.demand'),
            span: 'filled',
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="demand">
                {a.demand}
              </Typography.Paragraph>
            ),
          },
          {
            key: 'description',
            label: t('app.description'),
            span: 'filled',
            children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.description ?? t('none')}</Typography.Paragraph>,
          },
          { key: 'name', label: t('wo.customerName'), children: a.customer.name },
          {
            key: 'phone',
            label: t('wo.customerPhone'),
            children: (
              <Typography.Text copyable data-testid="customer-phone">
                {a.customer.phone}
              </Typography.Text>
            ),
          },
          { key: 'business', label: t('wo.businessType'), children: label('businessType', a.businessType) },
          { key: 'number', label: t('wo.applicationNumber'), children: a.number },
          ...internationalItems(a.international),
          { key: 'files', label: t('app.attachments'), span: 'filled', children: <AttachmentList applicationId={a.id} attachments={a.attachments} /> },
        ]}
      />
    </Card>
  );
}

/** What is happening to the order now that needs saying first: a transfer it may refuse, its return to the reviewer, a question to the office. */
function StateAlerts({ o }: { o: WorkOrderDetail }) {
  const orgName = useOrgName();
  const p = o.pendingTransfer;
  return (
    <>
      {p && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="pending-transfer"
          title={t('wo.pendingTransferAlert', { org: orgName(p.from), category: p.reasonCategory, reason: p.reason, until: formatDateTime(p.refuseUntil) })}
        />
      )}
      {o.status === 'misrouted' && o.misrouteReason && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="misrouted" title={t('wo.misroutedAlert', { reason: o.misrouteReason })} />
      )}
      {o.openQuestion && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="open-question"
          title={t('wo.openQuestionAlert', {
            question: o.openQuestion.text,
            name: o.openQuestion.by.name ?? o.openQuestion.by.userId,
            at: formatDateTime(o.openQuestion.at),
          })}
        />
      )}
    </>
  );
}

function Facts({ o }: { o: WorkOrderDetail }) {
  const { data: me } = useMe();
  const orgName = useOrgName();
  const holds = o.holds.map((h) => `${orgName(h.org)} ${durationText((h.to ? Date.parse(h.to) : Date.now()) - Date.parse(h.from))}`).join('；');
  return (
    <Card title={t('wo.caseFacts')} style={{ marginTop: 16 }}>
      <FactList
        items={[
          { key: 'number', label: t('wo.number'), children: <span className="nowrap">{o.number}</span> },
          { key: 'status', label: t('wo.status'), children: <StatusTag group="woStatus" value={o.status} /> },
          { key: 'mail', label: t('wo.mailNumber'), children: <span className="nowrap">{o.mailNumber}</span> },
          {
            key: 'application',
            label: t('wo.application'),
            children: (
              <span className="nowrap">
                {me && canUse(me, 'application') ? (
                  <Link to={`/applications/${o.applicationId}`}>{o.application?.number ?? t('common.view')}</Link>
                ) : (
                  (o.application?.number ?? t('none'))
                )}
              </span>
            ),
          },
          { key: 'category', label: t('wo.category'), children: label('category', o.problemCategory) },
          { key: 'complexity', label: t('wo.complexity'), children: label('complexity', o.complexity) },
          { key: 'org', label: t('wo.org'), children: orgName(o.org) },
          { key: 'assignedOrg', label: t('wo.assignedOrg'), children: orgName(o.assignedOrg) },
          { key: 'assignee', label: t('wo.assignee'), children: <AssigneeTag order={o} /> },
          { key: 'claimDeadline', label: t('wo.claimDeadline'), children: formatDateTime(o.claimDeadline) },
          { key: 'response', label: t('wo.responseDeadline'), span: 'filled', children: <OrderClock order={o} clock="response" /> },
          { key: 'resolution', label: t('wo.resolutionDeadline'), span: 'filled', children: <OrderClock order={o} clock="resolution" /> },
          { key: 'promise', label: t('wo.promiseDeadline'), children: formatDateTime(o.promiseDeadline) },
          { key: 'createdAt', label: t('wo.createdAt'), children: formatDateTime(o.createdAt) },
          { key: 'urgeCount', label: t('wo.urgeCount'), children: o.urgeCount ? <Tag color="red">{o.urgeCount}</Tag> : 0 },
          { key: 'escalationLevel', label: t('wo.escalationLevel'), children: o.escalationLevel ? t('esc.level', { level: o.escalationLevel }) : t('none') },
          { key: 'transferCount', label: t('wo.transferCount'), children: o.transferCount },
          { key: 'reactivationCount', label: t('wo.reactivationCount'), children: o.reactivationCount },
          { key: 'holds', label: t('wo.holds'), span: 'filled', children: holds },
          { key: 'result', label: t('wo.result'), span: 'filled', children: o.result ?? t('none') },
          { key: 'customerAccepted', label: t('wo.customerAccepted'), children: yesNo(o.customerAccepted) },
          { key: 'meetsStandard', label: t('wo.meetsStandard'), children: yesNo(o.meetsStandard) },
          {
            key: 'satisfaction',
            label: t('wo.satisfaction'),
            children: o.satisfaction ? t('satisfaction.value', { score: o.satisfaction, label: label('satisfaction', o.satisfaction) }) : t('none'),
          },
          { key: 'closedAt', label: t('wo.closedAt'), children: formatDateTime(o.closedAt) },
          // Only when it can in fact be reactivated (the API says so for this caller).
          ...(o.allowedActions.includes('reactivate')
            ? [{ key: 'reactivatableUntil', label: t('wo.reactivatableUntil'), children: formatDateTime(o.reactivatableUntil) }]
            : []),
        ]}
      />
    </Card>
  );
}

export function WorkOrderPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const query = useWorkOrder(id);
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
      <StateAlerts o={o} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <CustomerCard o={o} />
          <CaseThread applicationId={o.applicationId} history={o.history} />
          <Facts o={o} />
          {o.mailItem && (
            <Card title={t('app.mailItem')} style={{ marginTop: 16 }}>
              <MailItemCard item={o.mailItem} column={{ xs: 1, md: 2 }} />
            </Card>
          )}
          <RelatedOrders related={o.related} />
          <CaseArticles order={o} />
        </Col>
        <CaseSidebar subjectId={o.id} history={o.history} />
      </Row>
    </Page>
  );
}
