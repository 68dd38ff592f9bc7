// What the caller may do to a work order now (the API's `allowedActions`), each with its form in a modal:
// accept, reply {result, customerAccepted}, close {meetsStandard}, return visit {satisfaction 1–5},
// urge {note}, append {info}, reactivate {reason}.
import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Rate, Space } from 'antd';
import { api, idempotencyHeader, unwrap, type WorkOrder } from '../api/client';
import { useAction } from '../api/actions';
import { t, type MessageKey } from '../messages';
import { showFieldErrors } from './formErrors';
import { QuickReplyPicker, type Rendered } from './QuickReplyPicker';

/** The messages that carry files (a quick reply's go with them). */
const WITH_FILES: Kind[] = ['reply', 'append'];

// The case's own actions (the desk's — claim, transfer, … — and escalate have their own controls).
type Kind = Extract<WorkOrder['allowedActions'][number], 'accept' | 'reply' | 'close' | 'returnVisit' | 'urge' | 'append' | 'reactivate'>;
const ALL: Kind[] = ['accept', 'reply', 'close', 'returnVisit', 'urge', 'append', 'reactivate'];

const PATHS = {
  accept: '/v1/work-orders/{id}/accept',
  reply: '/v1/work-orders/{id}/reply',
  close: '/v1/work-orders/{id}/close',
  returnVisit: '/v1/work-orders/{id}/return-visit',
  urge: '/v1/work-orders/{id}/urge',
  append: '/v1/work-orders/{id}/append',
  reactivate: '/v1/work-orders/{id}/reactivate',
} as const;

const TEXT: Record<Kind, { button: MessageKey; title: MessageKey; done: MessageKey }> = {
  accept: { button: 'wo.accept', title: 'wo.accept', done: 'wo.accepted' },
  reply: { button: 'wo.reply', title: 'wo.replyTitle', done: 'wo.replied' },
  close: { button: 'wo.close', title: 'wo.closeTitle', done: 'wo.closed' },
  returnVisit: { button: 'wo.returnVisit', title: 'wo.returnVisitTitle', done: 'wo.returnVisited' },
  urge: { button: 'wo.urge', title: 'wo.urgeTitle', done: 'wo.urged' },
  append: { button: 'wo.append', title: 'wo.appendTitle', done: 'wo.appendedDone' },
  reactivate: { button: 'wo.reactivate', title: 'wo.reactivateTitle', done: 'wo.reactivated' },
};

/** A text box's 快捷回复: fills the named field from the case (and keeps the reply's files for the message). */
type Picker = (field: string) => React.ReactNode;

function Fields({ kind, picker }: { kind: Kind; picker: Picker }) {
  const required = (field: MessageKey) => ({ required: true, whitespace: true, message: t('common.required', { field: t(field) }) });
  switch (kind) {
    case 'reply':
      return (
        <>
          <Form.Item name="result" label={t('form.result')} rules={[required('form.result'), { max: 4000 }]} extra={picker('result')}>
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item
            name="customerAccepted"
            label={t('form.customerAccepted')}
            rules={[{ required: true, message: t('common.required', { field: t('form.customerAccepted') }) }]}
          >
            <Radio.Group
              options={[
                { value: true, label: t('yes') },
                { value: false, label: t('no') },
              ]}
            />
          </Form.Item>
        </>
      );
    case 'close':
      return (
        <Form.Item
          name="meetsStandard"
          label={t('wo.meetsStandardQuestion')}
          rules={[{ required: true, message: t('common.required', { field: t('form.meetsStandard') }) }]}
        >
          <Radio.Group
            options={[
              { value: true, label: t('yes') },
              { value: false, label: t('no') },
            ]}
          />
        </Form.Item>
      );
    case 'returnVisit':
      return (
        <>
          <Form.Item
            name="satisfaction"
            label={t('form.satisfaction')}
            rules={[{ required: true, message: t('common.required', { field: t('form.satisfaction') }) }]}
          >
            <Rate count={5} />
          </Form.Item>
          <Form.Item name="note" label={t('form.note')} rules={[{ max: 2000 }]} extra={picker('note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      );
    case 'urge':
      return (
        <Form.Item name="note" label={t('form.note')} rules={[{ max: 2000 }]} extra={picker('note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      );
    case 'append':
      return (
        <Form.Item name="info" label={t('form.info')} rules={[required('form.info'), { max: 4000 }]} extra={picker('info')}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
      );
    case 'reactivate':
      return (
        <Form.Item name="reason" label={t('wo.reactivateReason')} rules={[required('wo.reactivateReason'), { max: 2000 }]} extra={picker('reason')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      );
    default:
      return null;
  }
}

/** Trims text fields and drops empty optional ones: the body as the contract wants it. */
function bodyOf(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const value = typeof v === 'string' ? v.trim() : v;
    if (value !== '' && value !== undefined && value !== null) out[k] = value;
  }
  return out;
}

/** Stays mounted while the order changes under it, so a refused action's answer and a half-typed form survive a refresh. */
function ActionButton({
  order,
  kind,
  allowed,
  autoOpen,
  size,
}: {
  order: WorkOrder;
  kind: Kind;
  allowed: boolean;
  autoOpen: boolean;
  size?: 'small' | 'middle';
}) {
  const [open, setOpen] = useState(autoOpen && allowed);
  const [form] = Form.useForm();
  const [files, setFiles] = useState<Rendered['attachments']>([]);
  const picker: Picker = (field) => (
    <QuickReplyPicker
      caseRef={{ workOrderId: order.id }}
      onPick={(r) => {
        form.setFieldValue(field, r.text);
        setFiles(r.attachments);
      }}
    />
  );
  const action = useAction({
    run: (body: Record<string, unknown>, key: string) =>
      unwrap(api.POST(PATHS[kind], { params: { path: { id: order.id } }, body: body as never, headers: idempotencyHeader(key) })),
    statusGroup: 'woStatus',
    success: () => t(TEXT[kind].done),
    onDone: () => {
      setOpen(false);
      form.resetFields();
      setFiles([]);
    },
  });
  useEffect(() => {
    if (action.error) showFieldErrors(form, action.error);
  }, [action.error, form]);

  if (!allowed && !open && !action.error) return null;
  if (kind === 'accept') {
    return (
      <Space orientation="vertical">
        {allowed && (
          <Button size={size} type="primary" data-action={kind} loading={action.pending} disabled={action.pending} onClick={() => action.submit({})}>
            {t(TEXT.accept.button)}
          </Button>
        )}
        {action.errorText && <Alert type="error" showIcon title={action.errorText} data-testid="action-error" />}
      </Space>
    );
  }
  return (
    <>
      {allowed && (
        <Button size={size} type={kind === 'close' || kind === 'reply' ? 'primary' : 'default'} data-action={kind} onClick={() => setOpen(true)}>
          {t(TEXT[kind].button)}
        </Button>
      )}
      {!open && action.errorText && <Alert type="error" showIcon title={action.errorText} data-testid="action-error" />}
      <Modal
        open={open}
        title={t(TEXT[kind].title, { number: order.number })}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: action.pending, disabled: action.pending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          name={`wo-${kind}-${order.id}`}
          onFinish={(v: Record<string, unknown>) =>
            action.submit({ ...bodyOf(v), ...(files.length && WITH_FILES.includes(kind) ? { attachments: files } : {}) })
          }
        >
          <Fields kind={kind} picker={picker} />
        </Form>
        {action.errorText && <Alert type="error" showIcon title={action.errorText} data-testid="action-error" />}
      </Modal>
    </>
  );
}

/** Exactly the actions the API says the caller may take on the order now (`allowedActions`). */
export function WorkOrderActions({ order, open: openAction, size }: { order: WorkOrder; open?: string | null; size?: 'small' | 'middle' }) {
  const allowed: readonly string[] = order.allowedActions;
  return (
    <Space wrap align="start">
      {ALL.map((kind) => (
        <ActionButton key={kind} order={order} kind={kind} allowed={allowed.includes(kind)} autoOpen={openAction === kind} size={size} />
      ))}
    </Space>
  );
}
