// Operators: what is stuck and why (with the detail), and the repairs — retry the failing
// activities, reset to a chosen workflow task (point, reason, confirm), reconcile the row from
// the workflow's state, replay the history against the running code. Every answer is shown.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Radio, Space, Spin, Table, Tag, Typography } from 'antd';
import { api, idempotencyHeader, unwrap, type StuckWorkflow } from '../api/client';
import { useAction } from '../api/actions';
import { errorText } from '../api/errors';
import { has, label, t, type MessageKey } from '../messages';
import { formatDateTime } from '../lib/time';
import { Page } from '../components/Page';
import { WorkflowLink } from '../components/WorkflowLink';
import { QueryError } from '../components/QueryError';
import { SchedulesCard } from '../components/SchedulesCard';

const REASON_COLORS: Record<string, string> = {
  deadline_passed: 'orange',
  workflow_not_started: 'purple',
  activity_failing: 'red',
  workflow_task_failing: 'magenta',
  out_of_step: 'gold',
};

/** "update reviewApplication" → 更新 reviewApplication. */
function eventText(what: string): string {
  if (has(`ops.event.${what}`)) return t(`ops.event.${what}` as MessageKey);
  const [head, ...rest] = what.split(' ');
  return has(`ops.event.${head}`) ? `${t(`ops.event.${head}` as MessageKey)} ${rest.join(' ')}` : what;
}

/** A stuck row's detail in words: {status, seq} pairs as "submitted #1", times in Shanghai time. */
function detailValue(value: unknown): string {
  if (value === null || value === undefined) return t('none');
  if (typeof value === 'object') {
    const v = value as { status?: unknown; seq?: unknown };
    return 'status' in v && 'seq' in v ? `${String(v.status)} #${String(v.seq)}` : JSON.stringify(value);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value, true);
  return String(value);
}

function Detail({ detail }: { detail: Record<string, unknown> }) {
  const entries = Object.entries(detail);
  if (!entries.length) return <>{t('none')}</>;
  return (
    <ul className="history-detail" style={{ margin: 0 }}>
      {entries.map(([k, v]) => (
        <li key={k}>
          <Typography.Text type="secondary">{has(`ops.detailKey.${k}`) ? t(`ops.detailKey.${k}` as MessageKey) : k}：</Typography.Text>
          <Typography.Text style={{ wordBreak: 'break-all' }} data-detail={k}>
            {k === 'record' && typeof v === 'string' ? label('ops.kind', v) : detailValue(v)}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

type Target = 'last-workflow-task' | 'first-workflow-task' | number;

function ResetButton({ row, onAnswer }: { row: StuckWorkflow; onAnswer: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState<{ to: Target; reason: string } | null>(null);
  const [form] = Form.useForm<{ to: string; reason: string }>();
  const points = useQuery({
    queryKey: ['resetPoints', row.workflowId],
    queryFn: () => unwrap(api.GET('/v1/ops/workflows/{workflowId}/reset-points', { params: { path: { workflowId: row.workflowId } } })),
    enabled: open,
  });
  const reset = useAction({
    run: (body: { to: Target; reason: string }, key: string) =>
      unwrap(api.POST('/v1/ops/workflows/{workflowId}/reset', { params: { path: { workflowId: row.workflowId } }, body, headers: idempotencyHeader(key) })),
    onDone: (r) => {
      onAnswer(t('ops.resetDone', { runId: r.runId, previousRunId: r.previousRunId, eventId: r.eventId }));
      setConfirming(null);
      setOpen(false);
      form.resetFields();
    },
    success: () => t('common.done'),
  });
  const pointName = (to: Target) =>
    to === 'last-workflow-task' ? t('ops.resetLast') : to === 'first-workflow-task' ? t('ops.resetFirst') : t('ops.resetEvent', { eventId: to });

  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)}>
        {t('ops.reset')}
      </Button>
      <Modal
        open={open && !confirming}
        title={t('ops.resetTitle', { workflowId: row.workflowId })}
        okText={t('ops.resetNext')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        width={720}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ to: 'last-workflow-task' }}
          onFinish={(v) => setConfirming({ to: /^\d+$/.test(v.to) ? Number(v.to) : (v.to as Target), reason: v.reason.trim() })}
        >
          <Form.Item name="to" label={t('ops.resetPoint')} rules={[{ required: true }]}>
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
              <Radio value="last-workflow-task">{t('ops.resetLast')}</Radio>
              <Radio value="first-workflow-task">{t('ops.resetFirst')}</Radio>
              {points.isFetching && <Spin size="small" tip={t('ops.resetPointsLoading')} />}
              {points.isError && <Alert type="error" title={errorText(points.error)} />}
              {points.data?.points.map((p) => (
                <Radio key={p.eventId} value={String(p.eventId)}>
                  {t('ops.resetEvent', { eventId: p.eventId })} · {formatDateTime(p.at, true)}
                  {p.after.length > 0 && (
                    <Typography.Text type="secondary">
                      {' '}
                      · {t('ops.after')}：{p.after.map(eventText).join('、')}
                    </Typography.Text>
                  )}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('ops.resetReason')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ops.resetReason') }) }, { max: 500 }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!confirming}
        title={t('ops.resetConfirmTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.back')}
        okButtonProps={{ danger: true, loading: reset.pending, disabled: reset.pending }}
        onOk={() => confirming && reset.submit(confirming)}
        onCancel={() => setConfirming(null)}
      >
        {confirming && (
          <Typography.Paragraph data-testid="reset-confirm">
            {t('ops.resetConfirm', { workflowId: row.workflowId, point: pointName(confirming.to), reason: confirming.reason })}
          </Typography.Paragraph>
        )}
        {reset.errorText && <Alert type="error" showIcon title={reset.errorText} data-testid="action-error" />}
      </Modal>
    </>
  );
}

function RowActions({ row, onAnswer }: { row: StuckWorkflow; onAnswer: (text: string) => void }) {
  const fail = (e: unknown) => onAnswer(errorText(e));
  const retry = useAction({
    run: (_b: object) => unwrap(api.POST('/v1/ops/workflows/{workflowId}/retry', { params: { path: { workflowId: row.workflowId } } })),
    onDone: (r) => onAnswer(t('ops.retried', { count: r.retried.length })),
    onError: fail,
  });
  const reconcile = useAction({
    run: (_b: object) => unwrap(api.POST('/v1/ops/workflows/{workflowId}/reconcile', { params: { path: { workflowId: row.workflowId } } })),
    onDone: (r) =>
      onAnswer(t('ops.reconciled', { before: r.before ? `${r.before.status}#${r.before.seq}` : t('none'), after: `${r.after.status}#${r.after.seq}` })),
    onError: fail,
  });
  const replay = useAction({
    run: (_b: object, key: string) => unwrap(api.POST('/v1/ops/replay', { body: { workflowIds: [row.workflowId] }, headers: idempotencyHeader(key) })),
    onDone: (r) => {
      const result = r.results[0];
      onAnswer(result?.deterministic ? t('ops.replayYes') : t('ops.replayNo', { error: result?.error ?? t('none') }));
    },
    onError: fail,
  });
  return (
    <Space wrap>
      <Button size="small" loading={retry.pending} disabled={retry.pending} onClick={() => retry.submit({})}>
        {t('ops.retry')}
      </Button>
      <ResetButton row={row} onAnswer={onAnswer} />
      <Button size="small" loading={reconcile.pending} disabled={reconcile.pending} onClick={() => reconcile.submit({})}>
        {t('ops.reconcile')}
      </Button>
      <Button size="small" loading={replay.pending} disabled={replay.pending} onClick={() => replay.submit({})}>
        {t('ops.replay')}
      </Button>
    </Space>
  );
}

export function OpsPage() {
  const [answer, setAnswer] = useState<string | null>(null);
  const stuck = useQuery({ queryKey: ['stuck'], queryFn: () => unwrap(api.GET('/v1/ops/stuck')), refetchInterval: 15_000 });
  return (
    <Page
      title={t('ops.title')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('ops.autoRefresh')}</Typography.Text>
          <Button onClick={() => void stuck.refetch()} loading={stuck.isFetching}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {answer && (
        <Alert
          type="info"
          showIcon
          closable={{ onClose: () => setAnswer(null) }}
          title={`${t('ops.lastAnswer')}：${answer}`}
          style={{ marginBottom: 16 }}
          data-testid="ops-answer"
        />
      )}
      <QueryError query={stuck} />
      <Table<StuckWorkflow>
        rowKey={(r) => `${r.workflowId}/${r.reason}`}
        data-testid="stuck-list"
        loading={stuck.isPending}
        dataSource={stuck.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1150 }}
        locale={{ emptyText: t('ops.empty') }}
        columns={[
          {
            title: t('ops.workflowId'),
            dataIndex: 'workflowId',
            width: 240,
            render: (v: string) => (
              <span style={{ wordBreak: 'break-all' }}>
                <WorkflowLink workflowId={v} />
              </span>
            ),
          },
          {
            title: t('ops.subject'),
            key: 'subject',
            render: (_v, r) =>
              r.kind === 'application' ? (
                <Link to={`/applications/${r.subjectId}`}>{label('ops.kind', r.kind)}</Link>
              ) : r.kind === 'workOrder' ? (
                <Link to={`/work-orders/${r.subjectId}`}>{label('ops.kind', r.kind)}</Link>
              ) : (
                label('ops.kind', r.kind)
              ),
          },
          {
            title: t('ops.reason'),
            dataIndex: 'reason',
            render: (v: string) => (
              <Tag color={REASON_COLORS[v] ?? 'default'} data-reason={v}>
                {label('ops.reason', v)}
              </Tag>
            ),
          },
          { title: t('ops.since'), dataIndex: 'since', render: (v: string) => formatDateTime(v, true) },
          { title: t('ops.detail'), dataIndex: 'detail', width: 300, render: (v: Record<string, unknown>) => <Detail detail={v} /> },
          { title: t('common.actions'), key: 'actions', fixed: 'right', width: 200, render: (_v, r) => <RowActions row={r} onAnswer={setAnswer} /> },
        ]}
      />
      <SchedulesCard />
    </Page>
  );
}
