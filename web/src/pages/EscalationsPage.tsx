// The supervisors' board: open escalations in a section per ladder level (name, who acts, the
// level's limit from the policy), each with its level deadline counting down; acknowledge,
// resolve, and the way to the case it is about.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Empty, Form, Input, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { api, idempotencyHeader, unwrap, type Escalation } from '../api/client';
import { itemsOf, useEscalationList, useOrgName, usePolicy } from '../api/queries';
import { useAction } from '../api/actions';
import { errorText } from '../api/errors';
import { label, t } from '../messages';
import { durationText, formatDateTime } from '../lib/time';
import { Countdown } from '../components/Countdown';
import { Page } from '../components/Page';
import { WorkflowLink } from '../components/WorkflowLink';

function EscalationAction({ escalation, kind }: { escalation: Escalation; kind: Escalation['allowedActions'][number] }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ note?: string }>();
  const action = useAction({
    run: (body: { note?: string }, key: string) =>
      unwrap(
        api.POST(kind === 'acknowledge' ? '/v1/escalations/{id}/acknowledge' : '/v1/escalations/{id}/resolve', {
          params: { path: { id: escalation.id } },
          body,
          headers: idempotencyHeader(key),
        }),
      ),
    statusGroup: 'escStatus',
    success: () => t(kind === 'acknowledge' ? 'esc.acknowledged' : 'esc.resolved'),
    onDone: () => setOpen(false),
  });
  return (
    <>
      <Button size="small" type={kind === 'resolve' ? 'primary' : 'default'} data-action={kind} onClick={() => setOpen(true)}>
        {t(kind === 'acknowledge' ? 'esc.acknowledge' : 'esc.resolve')}
      </Button>
      <Modal
        open={open}
        title={t(kind === 'acknowledge' ? 'esc.acknowledgeTitle' : 'esc.resolveTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: action.pending, disabled: action.pending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => action.submit(v.note?.trim() ? { note: v.note.trim() } : {})}>
          <Form.Item name="note" label={t('esc.note')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
        {action.errorText && <Alert type="error" showIcon title={action.errorText} data-testid="action-error" />}
      </Modal>
    </>
  );
}

const orgLabel = (org: string) => (org === 'provincial' ? t('esc.orgProvincial') : org === 'subject' ? t('esc.orgSubject') : org);

export function EscalationsPage() {
  const policy = usePolicy();
  const orgName = useOrgName();
  const list = useEscalationList({ open: 'true', limit: 200 });
  const items = itemsOf<Escalation>(list.data);
  const ladder = policy.data?.ladder ?? [];
  const levels = [...new Set([...ladder.map((l) => l.level), ...items.map((e) => e.level)])].sort((a, b) => a - b);

  return (
    <Page title={t('esc.title')} extra={!list.isPending && <Typography.Text type="secondary">{t('esc.total', { count: items.length })}</Typography.Text>}>
      {(list.isError || policy.isError) && <Alert type="error" showIcon title={errorText(list.error ?? policy.error)} style={{ marginBottom: 16 }} />}
      {!list.isPending && items.length === 0 && <Empty description={t('esc.none')} style={{ marginBottom: 16 }} />}
      {/* No counts until they are known: "0" while loading would be a false all-clear. */}
      {list.isPending && <Spin data-testid="escalations-loading" style={{ display: 'block', margin: 24 }} />}
      {!list.isPending &&
        levels.map((level) => {
          const step = ladder.find((l) => l.level === level);
          const here = items.filter((e) => e.level === level);
          return (
            <Card
              key={level}
              className="level-card"
              size="small"
              data-level={level}
              title={
                <Space wrap>
                  <Tag color={here.length ? 'volcano' : 'default'}>{here.length}</Tag>
                  {t('esc.levelTitle', { level, name: step?.name ?? here[0]?.levelName ?? '' })}
                </Space>
              }
              extra={
                step && (
                  <Typography.Text type="secondary">
                    {t('esc.levelMeta', { role: label('role', step.role), org: orgLabel(step.org), limit: durationText(step.limitMs) })}
                  </Typography.Text>
                )
              }
            >
              {here.length === 0 ? (
                <Typography.Text type="secondary">{t('esc.empty')}</Typography.Text>
              ) : (
                <Table<Escalation>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={here}
                  scroll={{ x: 900 }}
                  columns={[
                    {
                      title: t('esc.subject'),
                      key: 'subject',
                      render: (_v, e) => (
                        <Link to={e.subjectType === 'application' ? `/applications/${e.subjectId}` : `/work-orders/${e.subjectId}`}>
                          {label('subjectType', e.subjectType)} {e.subjectNumber ?? e.subjectId.slice(0, 8)}
                        </Link>
                      ),
                    },
                    { title: t('apps.org'), dataIndex: 'org', render: orgName },
                    { title: t('esc.reason'), dataIndex: 'reason', ellipsis: true },
                    { title: t('esc.openedAt'), dataIndex: 'openedAt', render: (v: string) => formatDateTime(v) },
                    {
                      title: t('esc.levelDeadline'),
                      dataIndex: 'currentDeadline',
                      render: (v: string | null, e) => (v ? <Countdown deadline={v} startedAt={e.currentClockStartedAt} /> : t('none')),
                    },
                    {
                      title: t('esc.acknowledgedAt'),
                      dataIndex: 'acknowledgedAt',
                      render: (v: string | null) => (v ? formatDateTime(v) : <Tag color="orange">{t('esc.unacknowledged')}</Tag>),
                    },
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      render: (_v, e) => (
                        <Space wrap>
                          {e.allowedActions.map((kind) => (
                            <EscalationAction key={kind} escalation={e} kind={kind} />
                          ))}
                          <WorkflowLink workflowId={e.workflowId} compact />
                        </Space>
                      ),
                    },
                  ]}
                />
              )}
            </Card>
          );
        })}
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Page>
  );
}
