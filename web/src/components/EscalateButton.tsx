// 升级 by hand: a reviewer or supervisor opens (or raises) the escalation of a hard case, with the
// reason. Shown only when the case's `allowedActions` says the caller may.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { api, idempotencyHeader, unwrap } from '../api/client';
import { useAction } from '../api/actions';
import { t } from '../messages';

export function EscalateButton({
  subjectType,
  subject,
}: {
  subjectType: 'application' | 'workOrder';
  subject: { id: string; number: string; allowedActions: readonly string[] };
}) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const navigate = useNavigate();
  const escalate = useAction({
    run: (b: { reason: string }, key: string) =>
      unwrap(api.POST('/v1/escalations', { body: { subjectType, subjectId: subject.id, reason: b.reason }, headers: idempotencyHeader(key) })),
    statusGroup: 'escStatus',
    success: (e) => t('esc.opened', { level: e.level }),
    onDone: () => {
      setOpen(false);
      navigate('/escalations');
    },
  });
  if (!subject.allowedActions.includes('escalate') && !open) return null;
  return (
    <>
      <Button danger data-action="escalate" onClick={() => setOpen(true)}>
        {t('esc.escalate')}
      </Button>
      <Modal
        open={open}
        title={t('esc.escalateTitle', { number: subject.number })}
        okText={t('esc.escalate')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: escalate.pending, disabled: escalate.pending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form form={form} layout="vertical" name={`escalate-${subject.id}`} onFinish={(v) => escalate.submit({ reason: v.reason.trim() })}>
          <Form.Item
            name="reason"
            label={t('esc.reason')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('esc.reason') }) }, { max: 2000 }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Form>
        {escalate.errorText && <Alert type="error" showIcon title={escalate.errorText} data-testid="action-error" />}
      </Modal>
    </>
  );
}
