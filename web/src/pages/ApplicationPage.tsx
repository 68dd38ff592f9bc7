// An application's case page: its fields and deadlines, attachments, the mail item, the linked
// work order, its escalation and the full history; the reviewer's and the office's decisions.
import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Card, Col, Descriptions, Form, Result, Row, Space, Spin, Typography } from 'antd';
import { api, ApiError, idempotencyHeader, unwrap, type ApplicationDetail } from '../api/client';
import { useApplication, useMailItem, useMe, useOrgName } from '../api/queries';
import { useAction } from '../api/actions';
import { errorText } from '../api/errors';
import { label, t } from '../messages';
import { changedFields } from '../lib/changes';
import { formatDateTime } from '../lib/time';
import { ApplicationForm, type ApplicationFormValues } from '../components/ApplicationForm';
import { INTERNATIONAL_BUSINESS_TYPES } from '../../../domain/vocabulary';
import { AbandonButton, ResubmitLink, ReviewButtons } from '../components/ApplicationActions';
import { AttachmentList, CaseSidebar, internationalItems } from '../components/CaseParts';
import { Countdown } from '../components/Countdown';
import { EscalateButton } from '../components/EscalateButton';
import { MailItemCard } from '../components/MailItemOverview';
import { Page } from '../components/Page';
import { StatusTag } from '../components/StatusTag';
import { WorkflowLink } from '../components/WorkflowLink';
import { showFieldErrors } from '../components/formErrors';

function editable(a: ApplicationDetail): Partial<ApplicationFormValues> {
  return {
    problemCategory: a.problemCategory,
    demand: a.demand,
    customer: { ...a.customer },
    description: a.description ?? undefined,
    complexity: a.complexity,
    ...(a.international ? { international: { ...a.international } } : {}),
  };
}

function Resubmit({ application, onClose }: { application: ApplicationDetail; onClose: () => void }) {
  const [form] = Form.useForm<ApplicationFormValues>();
  const before = editable(application);
  const resubmit = useAction({
    run: (changes: Record<string, unknown>, key: string) =>
      unwrap(api.POST('/v1/applications/{id}/resubmit', { params: { path: { id: application.id } }, body: changes, headers: idempotencyHeader(key) })),
    statusGroup: 'appStatus',
    success: () => t('apps.resubmitted'),
    onDone: onClose,
  });
  useEffect(() => {
    if (resubmit.error) showFieldErrors(form, resubmit.error);
  }, [resubmit.error, form]);
  return (
    <Card title={t('apps.resubmitTitle', { number: application.number })} style={{ marginBottom: 16 }} data-testid="resubmit-form">
      <ApplicationForm
        form={form}
        mode="resubmit"
        international={INTERNATIONAL_BUSINESS_TYPES.includes(application.businessType)}
        initialValues={before}
        pending={resubmit.pending}
        error={resubmit.errorText}
        submitLabel={t('apps.resubmit')}
        onSubmit={(v) => {
          const after = {
            problemCategory: v.problemCategory,
            demand: v.demand.trim(),
            customer: { name: v.customer.name.trim(), phone: v.customer.phone.trim() },
            description: v.description?.trim() || undefined,
            complexity: v.complexity,
            international: v.international,
          };
          resubmit.submit(changedFields(before as Record<string, unknown>, after));
        }}
        onCancel={onClose}
      />
    </Card>
  );
}

export function ApplicationPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const query = useApplication(id);
  const orgName = useOrgName();
  const a = query.data;
  const mail = useMailItem(a?.mailNumber);

  if (query.isPending) return <Spin />;
  if (query.isError) {
    return query.error instanceof ApiError && query.error.status === 404 ? (
      <Result status="404" title={t('common.notFound')} />
    ) : (
      <Alert type="error" showIcon title={errorText(query.error)} />
    );
  }
  if (!a || !me) return null;
  const officeMayAct = a.allowedActions.includes('resubmit') || a.allowedActions.includes('abandon');
  const resubmitting = a.allowedActions.includes('resubmit') && params.get('resubmit') === '1';

  return (
    <Page
      title={
        <Space wrap>
          {t('app.caseTitle', { number: a.number })}
          <StatusTag group="appStatus" value={a.status} />
        </Space>
      }
      extra={
        <Space>
          <EscalateButton subjectType="application" subject={a} />
          <WorkflowLink workflowId={a.workflowId} compact />
        </Space>
      }
    >
      {a.status === 'returned' && (
        <Alert
          type="error"
          showIcon
          title={t('app.returnedAlert', { reason: a.returnReason ?? '' })}
          style={{ marginBottom: 16 }}
          data-testid="returned-alert"
        />
      )}
      <ReviewButtons application={a} />
      {officeMayAct && !resubmitting && (
        <Card style={{ marginBottom: 16 }}>
          <Space>
            <ResubmitLink application={a} />
            <AbandonButton application={a} />
          </Space>
        </Card>
      )}
      {resubmitting && <Resubmit application={a} onClose={() => setParams({})} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('app.basic')}>
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'number', label: t('apps.number'), children: a.number },
                { key: 'status', label: t('apps.status'), children: <StatusTag group="appStatus" value={a.status} /> },
                { key: 'mail', label: t('apps.mailNumber'), children: a.mailNumber },
                { key: 'business', label: t('apps.businessType'), children: label('businessType', a.businessType) },
                { key: 'category', label: t('apps.category'), children: label('category', a.problemCategory) },
                { key: 'complexity', label: t('app.complexity'), children: label('complexity', a.complexity) },
                { key: 'org', label: t('apps.org'), children: orgName(a.org) },
                { key: 'createdBy', label: t('apps.createdBy'), children: a.history.find((h) => h.action === 'created')?.actor.name ?? a.createdBy },
                { key: 'createdAt', label: t('apps.createdAt'), children: formatDateTime(a.createdAt) },
                { key: 'becameOrder', label: t('apps.becameOrder'), children: label('becameOrder', a.becameOrder) },
                {
                  key: 'review',
                  label: t('apps.reviewDeadline'),
                  children:
                    a.status === 'submitted' ? (
                      <Countdown deadline={a.reviewDeadline} startedAt={a.currentClockStartedAt} overdue={a.overdue} showTime />
                    ) : (
                      formatDateTime(a.reviewDeadline)
                    ),
                },
                {
                  key: 'action',
                  label: t('apps.actionDeadline'),
                  children:
                    a.status === 'returned' ? (
                      <Countdown deadline={a.actionDeadline} startedAt={a.currentClockStartedAt} showTime />
                    ) : (
                      formatDateTime(a.actionDeadline)
                    ),
                },
                { key: 'customer', label: t('app.customer'), children: `${a.customer.name} ${a.customer.phone}` },
                {
                  key: 'workOrder',
                  label: t('app.workOrder'),
                  children: a.workOrderId ? <Link to={`/work-orders/${a.workOrderId}`}>{a.workOrderNumber}</Link> : t('none'),
                },
                {
                  key: 'demand',
                  label: t('app.demand'),
                  span: 'filled',
                  children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.demand}</Typography.Paragraph>,
                },
                { key: 'description', label: t('app.description'), span: 'filled', children: a.description ?? t('none') },
                ...internationalItems(a.international),
                ...(a.returnReason ? [{ key: 'returnReason', label: t('apps.returnReason'), span: 'filled' as const, children: a.returnReason }] : []),
              ]}
            />
          </Card>
          <Card title={t('app.attachments')} style={{ marginTop: 16 }}>
            <AttachmentList applicationId={a.id} attachments={a.attachments ?? []} />
          </Card>
          {mail.data && (
            <Card title={t('app.mailItem')} style={{ marginTop: 16 }}>
              <MailItemCard item={mail.data.mailItem} column={{ xs: 1, md: 2 }} />
            </Card>
          )}
        </Col>
        <CaseSidebar subjectId={a.id} history={a.history} />
      </Row>
    </Page>
  );
}
