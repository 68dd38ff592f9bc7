// Decisions on an application: the reviewer approves or returns it (a reason is required); the
// office resubmits (pre-filled form) or abandons a returned one.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Modal, Space } from 'antd';
import { api, idempotencyHeader, unwrap, type Application } from '../api/client';
import { useAction } from '../api/actions';
import { t } from '../messages';
import { QuickReplyPicker } from './QuickReplyPicker';

/** Mounted whatever the case allows, so the answer to a refused decision stays on screen after the case moved on. */
export function ReviewButtons({ application }: { application: Application }) {
  const canApprove = application.allowedActions.includes('approve');
  const canReturn = application.allowedActions.includes('return');
  const allowed = canApprove || canReturn;
  const [returning, setReturning] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const approve = useAction({
    run: (_b: { decision: 'approve' }, key) =>
      unwrap(
        api.POST('/v1/applications/{id}/review', { params: { path: { id: application.id } }, body: { decision: 'approve' }, headers: idempotencyHeader(key) }),
      ),
    statusGroup: 'appStatus',
    success: (a) => t('app.approved', { number: a.workOrderNumber ?? '' }),
  });
  const giveBack = useAction({
    run: (b: { reason: string }, key) =>
      unwrap(
        api.POST('/v1/applications/{id}/review', {
          params: { path: { id: application.id } },
          body: { decision: 'return', reason: b.reason },
          headers: idempotencyHeader(key),
        }),
      ),
    statusGroup: 'appStatus',
    success: () => t('app.returnedDone'),
    onDone: () => setReturning(false),
  });
  if (!allowed && !approve.error && !returning) return null;
  return (
    <Card style={{ marginBottom: 16 }}>
      {allowed && (
        <Space wrap>
          <Button
            type="primary"
            data-action="approve"
            hidden={!canApprove}
            loading={approve.pending}
            disabled={approve.pending || giveBack.pending}
            onClick={() => approve.submit({ decision: 'approve' })}
          >
            {t('app.approve')}
          </Button>
          <Button danger data-action="return" hidden={!canReturn} disabled={approve.pending || giveBack.pending} onClick={() => setReturning(true)}>
            {t('app.return')}
          </Button>
        </Space>
      )}
      {approve.errorText && <Alert type="error" showIcon title={approve.errorText} style={{ marginTop: 12 }} data-testid="action-error" />}
      <Modal
        open={returning}
        title={t('app.returnTitle', { number: application.number })}
        okText={t('app.return')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: giveBack.pending, disabled: giveBack.pending }}
        onOk={() => form.submit()}
        onCancel={() => setReturning(false)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => giveBack.submit({ reason: v.reason.trim() })}>
          <Form.Item
            name="reason"
            label={t('app.returnReason')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('app.returnReason') }) }, { max: 1000 }]}
            extra={<QuickReplyPicker caseRef={{ applicationId: application.id }} onPick={(r) => form.setFieldValue('reason', r.text)} />}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </Form>
        {giveBack.errorText && <Alert type="error" showIcon title={giveBack.errorText} data-testid="action-error" />}
      </Modal>
    </Card>
  );
}

export function AbandonButton({ application, size }: { application: Application; size?: 'small' | 'middle' }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const abandon = useAction({
    run: (b: { reason?: string }, key) =>
      unwrap(api.POST('/v1/applications/{id}/abandon', { params: { path: { id: application.id } }, body: b, headers: idempotencyHeader(key) })),
    statusGroup: 'appStatus',
    success: () => t('apps.abandoned'),
    onDone: () => setOpen(false),
  });
  if (!application.allowedActions.includes('abandon') && !open) return null;
  return (
    <>
      <Button size={size} danger data-action="abandon" onClick={() => setOpen(true)}>
        {t('apps.abandon')}
      </Button>
      <Modal
        open={open}
        title={t('apps.abandonTitle', { number: application.number })}
        okText={t('apps.abandon')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: abandon.pending, disabled: abandon.pending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => abandon.submit(v.reason?.trim() ? { reason: v.reason.trim() } : {})}>
          <Form.Item name="reason" label={t('apps.abandonReason')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
        {abandon.errorText && <Alert type="error" showIcon title={abandon.errorText} data-testid="action-error" />}
      </Modal>
    </>
  );
}

export function ResubmitLink({ application, size }: { application: Application; size?: 'small' | 'middle' }) {
  const navigate = useNavigate();
  if (!application.allowedActions.includes('resubmit')) return null;
  return (
    <Button size={size} type="primary" data-action="resubmit" onClick={() => navigate(`/applications/${application.id}?resubmit=1`)}>
      {t('apps.resubmit')}
    </Button>
  );
}
