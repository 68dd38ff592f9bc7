// Bulk actions on the selected orders or on every match of a view (≤ 500): the action and its one
// set of fields; then each item's outcome as the server applies them (done, or why not).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Modal, Progress, Radio, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, idempotencyHeader, unwrap, type Schemas } from '../api/client';
import { useAction } from '../api/actions';
import { usePolicy } from '../api/queries';
import { t } from '../messages';
import { BULK_ACTIONS as ACTIONS, QUICK_REPLY_SENDS as SENDS } from '../../../domain/answers';
import { showFieldErrors } from './formErrors';
import { yesNoOptions } from '../lib/options';

type Batch = Schemas['BulkBatch'];
type Params = Schemas['BulkBatchSummary']['params'];
const STATE_COLOR = { done: 'green', refused: 'red', pending: 'default' } as const;

function BatchResult({ id }: { id: string }) {
  const batch = useQuery({
    queryKey: ['bulk', id],
    queryFn: () => unwrap(api.GET('/v1/bulk-actions/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'finished' ? false : 1000),
  });
  const b = batch.data;
  if (!b) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="bulk-result" data-status={b.status}>
      <Progress percent={Math.round(((b.done + b.refused) / b.total) * 100)} status={b.status === 'finished' ? 'success' : 'active'} />
      <Alert
        type={b.status === 'finished' ? (b.refused ? 'warning' : 'success') : 'info'}
        showIcon
        title={
          b.status === 'finished'
            ? t('bulk.finished', { done: b.done, refused: b.refused })
            : t('bulk.running', { done: b.done, refused: b.refused, pending: b.pending })
        }
      />
      <Table<Batch['items'][number]>
        rowKey="workOrderId"
        size="small"
        pagination={{ pageSize: 10 }}
        dataSource={[...b.items].sort((x, y) => (x.state === 'refused' ? -1 : 0) - (y.state === 'refused' ? -1 : 0))}
        columns={[
          { title: t('wo.number'), dataIndex: 'number' },
          {
            title: t('view.status'),
            dataIndex: 'state',
            render: (s: 'done' | 'refused' | 'pending') => <Tag color={STATE_COLOR[s]}>{t(`bulk.item.${s}`)}</Tag>,
          },
          { title: t('bulk.reasonCol'), dataIndex: 'message', render: (m: string | null) => m ?? '' },
        ]}
      />
    </Space>
  );
}

export function BulkActions({ selected, viewId, viewCount }: { selected: string[]; viewId?: string; viewCount: number }) {
  const [target, setTarget] = useState<'selected' | 'view' | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [form] = Form.useForm();
  const action = Form.useWatch('action', form) as (typeof ACTIONS)[number] | undefined;
  const as = Form.useWatch('as', form) as (typeof SENDS)[number] | undefined;
  const policy = usePolicy();
  const replies = useQuery({ queryKey: ['quickReplies', 'list', ''], queryFn: () => unwrap(api.GET('/v1/quick-replies')), enabled: action === 'quickReply' });
  const start = useAction({
    run: (v: Record<string, unknown>, key: string) => {
      const { action: a, until, ...rest } = v;
      const params = { action: a, ...rest, ...(until ? { until: (until as Dayjs).toISOString() } : {}) } as Params;
      const body = target === 'view' ? { params, viewId } : { params, workOrderIds: selected };
      return unwrap(api.POST('/v1/bulk-actions', { body: body as never, headers: idempotencyHeader(key) }));
    },
    onDone: (b) => setBatchId(b.id),
    onError: (e) => showFieldErrors(form, e),
  });
  const close = () => {
    setTarget(null);
    setBatchId(null);
    start.reset();
    form.resetFields();
  };
  const required = [{ required: true }];
  return (
    <>
      <Space wrap>
        <Button disabled={selected.length === 0} onClick={() => setTarget('selected')} data-testid="bulk-selected">
          {t('bulk.selected', { count: selected.length })}
        </Button>
        {viewId && (
          <Button disabled={viewCount === 0 || viewCount > 500} onClick={() => setTarget('view')} title={t('bulk.max')} data-testid="bulk-all">
            {t('bulk.all', { count: viewCount })}
          </Button>
        )}
      </Space>
      <Modal
        open={target !== null}
        width={720}
        title={t('bulk.title')}
        onCancel={close}
        onOk={() => (batchId ? close() : form.submit())}
        okText={batchId ? t('common.close') : t('common.submit')}
        okButtonProps={{ loading: start.pending }}
        forceRender
      >
        {batchId ? (
          <BatchResult id={batchId} />
        ) : (
          <Form form={form} layout="vertical" name="bulk" initialValues={{ action: 'transfer' }} onFinish={(v) => start.submit(v)}>
            <Form.Item name="action" label={t('bulk.action')}>
              <Select options={ACTIONS.map((a) => ({ value: a, label: t(`bulk.action.${a}`) }))} />
            </Form.Item>
            {action === 'assign' && (
              <Form.Item name="assignee" label={t('bulk.assignee')} rules={required}>
                <Input />
              </Form.Item>
            )}
            {action === 'transfer' && (
              <>
                <Form.Item name="to" label={t('bulk.to')} rules={required}>
                  <Input placeholder="dept-delivery" />
                </Form.Item>
                <Form.Item name="reasonCategory" label={t('bulk.reasonCategory')} rules={required}>
                  <Select options={(policy.data?.desk?.transferReasons ?? []).map((r) => ({ value: r, label: r }))} />
                </Form.Item>
              </>
            )}
            {action === 'pause' && (
              <>
                <Form.Item name="reasonCategory" label={t('bulk.reasonCategory')} rules={required}>
                  <Input />
                </Form.Item>
                <Form.Item name="until" label={t('bulk.until')} rules={required}>
                  <DatePicker showTime />
                </Form.Item>
              </>
            )}
            {(action === 'transfer' || action === 'pause') && (
              <Form.Item name="reason" label={t('bulk.reason')} rules={[{ required: true, whitespace: true }, { max: 1000 }]}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            )}
            {action === 'urge' && (
              <Form.Item name="note" label={t('form.note')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            )}
            {action === 'close' && (
              <Form.Item name="meetsStandard" label={t('bulk.meetsStandard')} rules={required}>
                <Radio.Group options={yesNoOptions()} />
              </Form.Item>
            )}
            {action === 'addTag' && (
              <Form.Item name="tag" label={t('bulk.tag')} rules={required}>
                <Input maxLength={20} />
              </Form.Item>
            )}
            {action === 'quickReply' && (
              <>
                <Form.Item name="quickReplyId" label={t('qr.button')} rules={required}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    options={(replies.data ?? []).filter((r) => r.status === 'approved').map((r) => ({ value: r.id, label: r.name }))}
                  />
                </Form.Item>
                <Form.Item name="as" label={t('bulk.as')} rules={required}>
                  <Select options={SENDS.map((s) => ({ value: s, label: t(`bulk.as.${s}`) }))} />
                </Form.Item>
                {as === 'reply' && (
                  <Form.Item name="customerAccepted" label={t('bulk.customerAccepted')} rules={required}>
                    <Radio.Group options={yesNoOptions()} />
                  </Form.Item>
                )}
              </>
            )}
          </Form>
        )}
        {start.errorText && <Alert type="error" showIcon title={start.errorText} data-testid="action-error" />}
      </Modal>
    </>
  );
}
