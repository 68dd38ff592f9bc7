// The application's fields, for creating (with attachments and the international sheet) and for
// resubmitting a returned one (pre-filled; only changed fields are sent).
import { useEffect } from 'react';
import { Alert, Button, Col, Form, Input, Radio, Row, Select, Space, type FormInstance, type UploadFile } from 'antd';
import type { CreationRule } from '../api/client';
import { label, t, has, type MessageKey } from '../messages';
import { AttachmentsField, stillReading, type AttachmentLimits, type ReadFile } from './AttachmentsField';
import { SuggestedAction } from './SuggestedAction';
// The server's own vocabulary (pure, no imports): the same lists the API's schemas are built from.
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../../domain/vocabulary';

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

export interface ApplicationFormValues {
  problemCategory: ProblemCategory;
  demand: string;
  customer: { name: string; phone: string };
  description?: string;
  complexity: 'simple' | 'complex';
  international?: { leg: 'leg2' | 'leg3'; destinationCountry: string };
  attachments?: UploadFile<ReadFile>[];
  followUp?: 'demand_grew' | 'false_reply' | '';
}

export function ApplicationForm({
  form,
  mode,
  international,
  initialValues,
  limits,
  rules,
  pending,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  form: FormInstance<ApplicationFormValues>;
  mode: 'create' | 'resubmit';
  international: boolean;
  initialValues: Partial<ApplicationFormValues>;
  limits?: AttachmentLimits;
  rules?: CreationRule[];
  pending: boolean;
  error: string | null;
  submitLabel: string;
  onSubmit: (values: ApplicationFormValues) => void;
  onCancel?: () => void;
}) {
  const category = Form.useWatch('problemCategory', form);
  const files = Form.useWatch('attachments', form) as UploadFile<ReadFile>[] | undefined;
  const refusal = rules?.find((r) => r.problemCategory === category && !r.allowed);
  // Only when the case changes, never over what is being typed: a caller may build the object anew on
  // every render (NewApplicationPage does), so the values are compared by content.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on initialValues' content (JSON), not on its identity.
  useEffect(() => {
    form.setFieldsValue(initialValues);
  }, [form, JSON.stringify(initialValues)]);

  const required = (field: MessageKey) => ({ required: true, whitespace: true, message: t('common.required', { field: t(field) }) });
  return (
    <Form<ApplicationFormValues>
      form={form}
      layout="vertical"
      name={`application-${mode}`}
      initialValues={{ complexity: 'simple', ...initialValues }}
      onFinish={onSubmit}
      scrollToFirstError
      disabled={pending}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="problemCategory"
            label={t('form.problemCategory')}
            rules={[{ required: true, message: t('common.required', { field: t('form.problemCategory') }) }]}
          >
            <Select options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: label('category', c) }))} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="complexity" label={t('form.complexity')}>
            <Radio.Group options={['simple', 'complex'].map((c) => ({ value: c, label: label('complexity', c) }))} />
          </Form.Item>
        </Col>
      </Row>
      {refusal && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={has(`rule.${refusal.rule}`) ? t(`rule.${refusal.rule}` as MessageKey) : refusal.message}
          action={<SuggestedAction suggestion={refusal} size="small" />}
          data-testid="category-refusal"
        />
      )}
      <Form.Item name="demand" label={t('form.demand')} rules={[required('form.demand'), { max: 2000 }]}>
        <Input.TextArea rows={3} showCount maxLength={2000} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['customer', 'name']} label={t('form.customerName')} rules={[required('form.customerName'), { max: 100 }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['customer', 'phone']}
            label={t('form.customerPhone')}
            rules={[required('form.customerPhone'), { pattern: PHONE, message: t('form.phoneInvalid') }]}
          >
            <Input autoComplete="off" inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('form.description')} rules={[{ max: 4000 }]}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      {international && (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name={['international', 'leg']}
              label={t('form.leg')}
              rules={[{ required: true, message: t('common.required', { field: t('form.leg') }) }]}
            >
              <Radio.Group options={['leg2', 'leg3'].map((l) => ({ value: l, label: label('leg', l) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['international', 'destinationCountry']}
              label={t('form.destinationCountry')}
              rules={[required('form.destinationCountry'), { max: 60 }]}
            >
              <Input />
            </Form.Item>
          </Col>
        </Row>
      )}
      {mode === 'create' && limits && (
        <>
          <Form.Item
            name="attachments"
            label={t('form.attachments')}
            extra={international ? `${t('form.detailSheetHint')} ${t('form.attachmentsHint')}` : t('form.attachmentsHint')}
            valuePropName="value"
            required={international}
            rules={
              international
                ? [
                    {
                      validator: (_r, v: UploadFile[] | undefined) =>
                        v?.length ? Promise.resolve() : Promise.reject(new Error(t('form.detailSheetRequired'))),
                    },
                  ]
                : []
            }
          >
            <AttachmentsField limits={limits} />
          </Form.Item>
          <Form.Item name="followUp" label={t('form.followUp')}>
            <Select
              allowClear
              options={[
                { value: '', label: t('form.followUpNone') },
                ...['demand_grew', 'false_reply'].map((f) => ({ value: f, label: label('followUp', f) })),
              ]}
            />
          </Form.Item>
        </>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Space>
        <Button type="primary" htmlType="submit" loading={pending} disabled={pending || stillReading(files)}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
      </Space>
    </Form>
  );
}
