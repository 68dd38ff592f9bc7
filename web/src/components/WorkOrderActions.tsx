// What the caller may do to a work order now (the API's `allowedActions`), each with its form in a
// modal. The department's desk: claim, assign {assignee, confirmOverCap} (to a person of the
// department, their load and leave shown; the API's "on leave" answer offers the substitute, its
// "over the cap" answer asks to confirm), release {note}, transfer {to, reasonCategory, reason},
// refuse a transfer {reason}, return to the reviewer {reason}, ask the office {question, files},
// an internal note {note, files}, accept, reply {result, customerAccepted, files}. The reviewer's
// re-dispatch {to}, close {meetsStandard}, return visit {satisfaction 1–5}; the office's urge
// {note}, append {info, files}, reactivate {reason}.
import { createContext, useContext, useEffect, useId, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, DatePicker, Dropdown, Flex, Form, Input, Modal, Radio, Rate, Select, Space, Tag, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { ZONE } from '../lib/time';
import { DownOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import { api, ApiError, idempotencyHeader, unwrap, type WorkOrder } from '../api/client';
import { useAction } from '../api/actions';
import { useDepartments, useDeskPeople, useMe, usePolicy } from '../api/queries';
import { label, t, type MessageKey } from '../messages';
import { AttachmentsField, attachmentsOf, stillReading, type ReadFile } from './AttachmentsField';
import { showFieldErrors } from './formErrors';
import { QuickReplyPicker, type Rendered } from './QuickReplyPicker';

type Kind = Exclude<WorkOrder['allowedActions'][number], 'escalate'>;
/** In the order a person reads them: taking the order, answering it, the reviewer's and the office's, then passing it on. */
const ALL: Kind[] = [
  'claim',
  'accept',
  'reply',
  'close',
  'returnVisit',
  'redispatch',
  'refuseTransfer',
  'urge',
  'append',
  'reactivate',
  'assign',
  'release',
  'transfer',
  'returnToReviewer',
  'ask',
  'pause',
  'resume',
  'note',
];
/** In a table row these sit behind 更多 (the row stays one line at 1280 px). */
const MORE: readonly Kind[] = ['assign', 'release', 'transfer', 'returnToReviewer', 'ask', 'pause', 'resume', 'note'];
/** Sent at a click: nothing to fill in. */
const DIRECT: readonly Kind[] = ['claim', 'accept', 'resume'];

const PATHS = {
  accept: '/v1/work-orders/{id}/accept',
  reply: '/v1/work-orders/{id}/reply',
  close: '/v1/work-orders/{id}/close',
  returnVisit: '/v1/work-orders/{id}/return-visit',
  urge: '/v1/work-orders/{id}/urge',
  append: '/v1/work-orders/{id}/append',
  reactivate: '/v1/work-orders/{id}/reactivate',
  claim: '/v1/work-orders/{id}/claim',
  assign: '/v1/work-orders/{id}/assign',
  release: '/v1/work-orders/{id}/release',
  transfer: '/v1/work-orders/{id}/transfer',
  refuseTransfer: '/v1/work-orders/{id}/refuse-transfer',
  returnToReviewer: '/v1/work-orders/{id}/return-to-reviewer',
  redispatch: '/v1/work-orders/{id}/redispatch',
  ask: '/v1/work-orders/{id}/ask',
  note: '/v1/work-orders/{id}/note',
  pause: '/v1/work-orders/{id}/pause',
  resume: '/v1/work-orders/{id}/resume',
} as const satisfies Record<Kind, string>;

const TEXT: Record<Kind, { button: MessageKey; title: MessageKey; done: MessageKey }> = {
  accept: { button: 'wo.accept', title: 'wo.accept', done: 'wo.accepted' },
  claim: { button: 'wo.claim', title: 'wo.claim', done: 'wo.claimed' },
  reply: { button: 'wo.reply', title: 'wo.replyTitle', done: 'wo.replied' },
  close: { button: 'wo.close', title: 'wo.closeTitle', done: 'wo.closed' },
  returnVisit: { button: 'wo.returnVisit', title: 'wo.returnVisitTitle', done: 'wo.returnVisited' },
  urge: { button: 'wo.urge', title: 'wo.urgeTitle', done: 'wo.urged' },
  append: { button: 'wo.append', title: 'wo.appendTitle', done: 'wo.appendedDone' },
  reactivate: { button: 'wo.reactivate', title: 'wo.reactivateTitle', done: 'wo.reactivated' },
  assign: { button: 'wo.assign', title: 'wo.assignTitle', done: 'wo.assigned' },
  release: { button: 'wo.release', title: 'wo.releaseTitle', done: 'wo.released' },
  transfer: { button: 'wo.transfer', title: 'wo.transferTitle', done: 'wo.transferred' },
  refuseTransfer: { button: 'wo.refuseTransfer', title: 'wo.refuseTransferTitle', done: 'wo.refusedTransfer' },
  returnToReviewer: { button: 'wo.returnToReviewer', title: 'wo.returnToReviewerTitle', done: 'wo.returnedToReviewer' },
  redispatch: { button: 'wo.redispatch', title: 'wo.redispatchTitle', done: 'wo.redispatched' },
  ask: { button: 'wo.ask', title: 'wo.askTitle', done: 'wo.asked' },
  note: { button: 'wo.noteAction', title: 'wo.noteTitle', done: 'wo.noted' },
  pause: { button: 'wo.pause', title: 'wo.pauseTitle', done: 'wo.paused' },
  resume: { button: 'wo.resume', title: 'wo.resume', done: 'wo.resumed' },
};

/** A text box's 快捷回复: fills the named field from the case (a reply's files go with the message). */
type Picker = (field: string) => React.ReactNode;
const PickerContext = createContext<Picker | undefined>(undefined);
/** The messages that carry files (a quick reply's go with them). */
const WITH_FILES: readonly Kind[] = ['reply', 'append', 'ask', 'note'];

const required = (field: MessageKey) => ({ required: true, whitespace: true, message: t('common.required', { field: t(field) }) });
const chosen = (field: MessageKey) => ({ required: true, message: t('common.required', { field: t(field) }) });

/** A text the person writes: required, at most `max` characters (as the API counts them). */
function TextField({ name, field, max, rows = 3, optional = false }: { name: string; field: MessageKey; max: number; rows?: number; optional?: boolean }) {
  const picker = useContext(PickerContext);
  return (
    <Form.Item name={name} label={t(field)} rules={optional ? [{ max }] : [required(field), { max }]} extra={picker?.(name)}>
      <Input.TextArea rows={rows} maxLength={max} showCount={max > 1000} />
    </Form.Item>
  );
}

function FilesField() {
  const policy = usePolicy();
  if (!policy.data) return null;
  return (
    <Form.Item name="attachments" label={t('wo.attachments')} extra={t('form.attachmentsHint')} valuePropName="value">
      <AttachmentsField limits={policy.data.attachments} />
    </Form.Item>
  );
}

const yesNo = [
  { value: true, label: t('yes') },
  { value: false, label: t('no') },
];

/** The handling departments to pass the order to (not the one holding it, for a transfer). */
function DepartmentField({ name, field, except }: { name: string; field: MessageKey; except?: string }) {
  const departments = useDepartments();
  return (
    <Form.Item name={name} label={t(field)} rules={[chosen(field)]}>
      <Select
        showSearch
        optionFilterProp="label"
        loading={departments.isPending}
        options={(departments.data ?? []).filter((d) => d.code !== except).map((d) => ({ value: d.code, label: d.name }))}
      />
    </Form.Item>
  );
}

/** The department's people for the lead to choose from: each with what they hold of the cap, and whether they are on leave. */
function PersonField({ org, open }: { org: string; open: boolean }) {
  const people = useDeskPeople(org, open);
  return (
    <Form.Item name="assignee" label={t('wo.assignTo')} rules={[chosen('form.assignee')]}>
      <Select
        showSearch
        loading={people.isPending}
        filterOption={(input, option) => String(option?.search ?? '').includes(input)}
        options={(people.data ?? []).map((p) => ({
          value: p.userId,
          search: p.name,
          label: (
            <Space size={4}>
              {t('wo.personOption', { name: p.name, load: p.load, cap: p.cap })}
              {p.lead && <Tag>{t('wo.leadTag')}</Tag>}
              {p.absent && <Tag color="orange">{t('wo.onLeave')}</Tag>}
            </Space>
          ),
        }))}
      />
    </Form.Item>
  );
}

function Fields({ kind, order, open }: { kind: Kind; order: WorkOrder; open: boolean }) {
  const policy = usePolicy();
  switch (kind) {
    case 'reply':
      return (
        <>
          <TextField name="result" field="form.result" max={4000} rows={4} />
          <Form.Item name="customerAccepted" label={t('form.customerAccepted')} rules={[chosen('form.customerAccepted')]}>
            <Radio.Group options={yesNo} />
          </Form.Item>
          <FilesField />
        </>
      );
    case 'close':
      return (
        <Form.Item name="meetsStandard" label={t('wo.meetsStandardQuestion')} rules={[chosen('form.meetsStandard')]}>
          <Radio.Group options={yesNo} />
        </Form.Item>
      );
    case 'returnVisit':
      return (
        <>
          <Form.Item name="satisfaction" label={t('form.satisfaction')} rules={[chosen('form.satisfaction')]}>
            <Rate count={5} tooltips={[1, 2, 3, 4, 5].map((n) => label('satisfaction', n))} />
          </Form.Item>
          <TextField name="note" field="form.note" max={2000} rows={2} optional />
        </>
      );
    case 'urge':
      return <TextField name="note" field="form.note" max={2000} rows={2} optional />;
    case 'append':
      return (
        <>
          {order.openQuestion && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={order.openQuestion.text} />}
          <TextField name="info" field="form.info" max={4000} rows={4} />
          <FilesField />
        </>
      );
    case 'reactivate':
      return <TextField name="reason" field="wo.reactivateReason" max={2000} />;
    case 'assign':
      return <PersonField org={order.assignedOrg} open={open} />;
    case 'release':
      return <TextField name="note" field="form.note" max={1000} rows={2} optional />;
    case 'transfer':
      return (
        <>
          <DepartmentField name="to" field="wo.transferTo" except={order.assignedOrg} />
          <Form.Item name="reasonCategory" label={t('wo.transferReasonCategory')} rules={[chosen('wo.transferReasonCategory')]}>
            <Select showSearch optionFilterProp="label" options={(policy.data?.desk.transferReasons ?? []).map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <TextField name="reason" field="wo.transferReason" max={1000} />
          {policy.data && <Alert type="info" showIcon title={t('wo.transferLimit', { count: order.transferCount, max: policy.data.desk.maxTransfers })} />}
        </>
      );
    case 'refuseTransfer':
      return <TextField name="reason" field="wo.refuseReason" max={1000} />;
    case 'returnToReviewer':
      return <TextField name="reason" field="wo.misrouteReason" max={1000} />;
    case 'redispatch':
      return (
        <>
          {order.misrouteReason && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('wo.misroutedAlert', { reason: order.misrouteReason })} />
          )}
          <DepartmentField name="to" field="wo.redispatchTo" />
        </>
      );
    case 'ask':
      return (
        <>
          <TextField name="question" field="wo.question" max={2000} />
          <FilesField />
        </>
      );
    case 'pause':
      return (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('wo.pauseHint', { days: policy.data?.clocks.maxPauseWorkingDays ?? '' })} />
          <Form.Item name="reasonCategory" label={t('wo.pauseReasonCategory')} rules={[chosen('wo.pauseReasonCategory')]}>
            <Select showSearch optionFilterProp="label" options={(policy.data?.clocks.pauseReasons ?? []).map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <TextField name="reason" field="wo.pauseReason" max={1000} />
          <Form.Item name="until" label={t('wo.pauseUntil')} rules={[chosen('wo.pauseUntil')]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </>
      );
    case 'note':
      return (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('wo.internalHint')} />
          <TextField name="note" field="wo.noteText" max={4000} rows={4} />
          <FilesField />
        </>
      );
    default:
      return null;
  }
}

/** Trims text fields, drops empty optional ones and turns chosen files into the contract's attachments: the body as the API wants it. */
function bodyOf(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'attachments') {
      const files = attachmentsOf(v as UploadFile<ReadFile>[] | undefined);
      if (files.length) out[k] = files;
      continue;
    }
    // A chosen time (a dayjs) is Shanghai's wall clock, as every time on screen: sent as the instant it names there.
    const value = typeof v === 'string' ? v.trim() : dayjs.isDayjs(v) ? dayjs.tz(v.format('YYYY-MM-DD HH:mm'), ZONE).toISOString() : v;
    if (value !== '' && value !== undefined && value !== null) out[k] = value;
  }
  return out;
}

/** The API's answer to an assignment it would not make as asked: the person is on leave (choose the substitute), or at the cap (confirm). */
function AssignAnswer({
  error,
  order,
  form,
  submit,
}: {
  error: unknown;
  order: WorkOrder;
  form: FormInstance;
  submit: (body: Record<string, unknown>) => void;
}) {
  const people = useDeskPeople(order.assignedOrg);
  if (!(error instanceof ApiError)) return null;
  const nameOf = (id: unknown) => people.data?.find((p) => p.userId === id)?.name ?? String(id);
  const d = (error.details ?? {}) as { assignee?: string; substitute?: string | null; load?: number; cap?: number };
  if (error.code === 'ASSIGNEE_ABSENT') {
    const substitute = d.substitute;
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="assign-answer"
        title={
          substitute
            ? t('wo.absentAnswer', { name: nameOf(d.assignee), substitute: nameOf(substitute) })
            : t('wo.absentNoSubstitute', { name: nameOf(d.assignee) })
        }
        action={
          substitute && (
            <Button
              size="small"
              type="primary"
              onClick={() => {
                form.setFieldValue('assignee', substitute);
                submit({ assignee: substitute });
              }}
            >
              {t('wo.assignSubstitute', { name: nameOf(substitute) })}
            </Button>
          )
        }
      />
    );
  }
  if (error.code === 'OVER_CAP') {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="assign-answer"
        title={t('wo.overCapAnswer', { name: nameOf(d.assignee), load: d.load ?? '', cap: d.cap ?? '' })}
        action={
          <Button size="small" type="primary" danger onClick={() => submit({ assignee: d.assignee, confirmOverCap: true })}>
            {t('wo.confirmOverCap')}
          </Button>
        }
      />
    );
  }
  return null;
}

const isAssignAnswer = (error: unknown) => error instanceof ApiError && (error.code === 'ASSIGNEE_ABSENT' || error.code === 'OVER_CAP');

/** The answer in words: a lost claim names who holds the order now (the case is read again after a 409). */
function answerText(kind: Kind, order: WorkOrder, error: unknown, text: string | null, me: string | undefined): string | null {
  if (!error || (kind === 'assign' && isAssignAnswer(error))) return null;
  if (kind === 'claim' && error instanceof ApiError && error.code === 'INVALID_TRANSITION') {
    const holder = order.assignee && order.assignee.userId !== me ? order.assignee : null;
    return holder ? t('wo.claimTaken', { name: holder.name ?? holder.userId }) : t('wo.claimTakenSomeone');
  }
  return text;
}

/**
 * One action: its button (unless it sits in the row's 更多 menu) and its form. Stays mounted while the
 * order changes under it, so a refused action's answer and a half-typed form survive a refresh.
 */
function ActionForm({
  order,
  kind,
  allowed,
  trigger,
  open,
  setOpen,
  size,
}: {
  order: WorkOrder;
  kind: Kind;
  allowed: boolean;
  trigger: boolean;
  open: boolean;
  setOpen: (open: boolean) => void;
  size?: 'small' | 'middle';
}) {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm();
  // The same order may stand twice on a page (pinned on top and in the queue): each form's fields need ids of their own.
  const instance = useId().replace(/[^A-Za-z0-9]/g, '');
  const files = Form.useWatch('attachments', form) as UploadFile<ReadFile>[] | undefined;
  const [replyFiles, setReplyFiles] = useState<Rendered['attachments']>([]);
  const picker: Picker = (field) => (
    <QuickReplyPicker
      caseRef={{ workOrderId: order.id }}
      onPick={(r) => {
        form.setFieldValue(field, r.text);
        setReplyFiles(r.attachments);
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
      setReplyFiles([]);
      // Transferred away, the order is the other department's: back to the queue from its page.
      if (kind === 'transfer' && location.pathname === `/work-orders/${order.id}`) navigate('/my-orders');
    },
  });
  useEffect(() => {
    if (action.error) showFieldErrors(form, action.error);
  }, [action.error, form]);
  const answer = answerText(kind, order, action.error, action.errorText, me?.id);

  if (!allowed && !open && !answer) return null;
  const error = answer && <Alert type="error" showIcon title={answer} data-testid="action-error" />;
  if (DIRECT.includes(kind)) {
    return (
      <Space orientation="vertical">
        {allowed && (
          <Button
            size={size}
            type="primary"
            data-action={kind}
            loading={action.pending}
            disabled={action.pending}
            onClick={() => {
              action.reset();
              action.submit({});
            }}
          >
            {t(TEXT[kind].button)}
          </Button>
        )}
        {error}
      </Space>
    );
  }
  return (
    <>
      {allowed && trigger && (
        <Button
          size={size}
          type={kind === 'close' || kind === 'reply' || kind === 'redispatch' ? 'primary' : 'default'}
          data-action={kind}
          onClick={() => setOpen(true)}
        >
          {t(TEXT[kind].button)}
        </Button>
      )}
      {!open && error}
      <Modal
        open={open}
        title={t(TEXT[kind].title, { number: order.number })}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: action.pending, disabled: action.pending || stillReading(files) }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          name={`wo-${kind}-${order.id}-${instance}`}
          onFinish={(v: Record<string, unknown>) => {
            const body = bodyOf(v);
            // A quick reply's files go with a message that carries files, beside those chosen here.
            if (replyFiles.length && WITH_FILES.includes(kind)) body.attachments = [...((body.attachments as unknown[]) ?? []), ...replyFiles];
            action.submit(body);
          }}
        >
          <PickerContext.Provider value={picker}>
            <Fields kind={kind} order={order} open={open} />
          </PickerContext.Provider>
        </Form>
        {kind === 'assign' && <AssignAnswer error={action.error} order={order} form={form} submit={action.submit} />}
        {error}
      </Modal>
    </>
  );
}

/**
 * Exactly the actions the API says the caller may take on the order now (`allowedActions`). In a
 * table row (`compact`) the desk's less frequent ones sit behind 更多 and nothing wraps.
 */
export function WorkOrderActions({
  order,
  open: openAction,
  size,
  compact = false,
}: {
  order: WorkOrder;
  open?: string | null;
  size?: 'small' | 'middle';
  compact?: boolean;
}) {
  const allowed: readonly string[] = order.allowedActions;
  const [openKind, setOpenKind] = useState<Kind | null>(() => (openAction && allowed.includes(openAction) ? (openAction as Kind) : null));
  const more = compact ? MORE.filter((k) => allowed.includes(k)) : [];
  return (
    <Flex gap={8} wrap={!compact} align="start">
      {ALL.map((kind) => (
        <ActionForm
          key={kind}
          order={order}
          kind={kind}
          allowed={allowed.includes(kind)}
          trigger={!more.includes(kind)}
          open={openKind === kind}
          setOpen={(o) => setOpenKind(o ? kind : null)}
          size={size}
        />
      ))}
      {more.length > 0 && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: more.map((k) => ({ key: k, label: <span data-action={k}>{t(TEXT[k].button)}</span> })),
            onClick: ({ key }) => setOpenKind(key as Kind),
          }}
        >
          <Button size={size} aria-label={`${t('wo.more')} ${order.number}`}>
            {t('wo.more')} <DownOutlined />
          </Button>
        </Dropdown>
      )}
    </Flex>
  );
}
