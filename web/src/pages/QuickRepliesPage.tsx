// 快捷回复: one's own, the department's and the province's; new ones with variables to insert; a
// reviewer approves (or rejects) the province-wide ones waiting.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../api/client';
import { useAction } from '../api/actions';
import { useMe } from '../api/queries';
import { t } from '../messages';
import { Page } from '../components/Page';
import { showFieldErrors } from '../components/formErrors';

type Reply = Schemas['QuickReply'];
const STATUS_COLOR = { approved: 'green', pending: 'orange', rejected: 'red' } as const;

function ReplyForm({ editing, onClose }: { editing: Reply | 'new'; onClose: () => void }) {
  const [form] = Form.useForm();
  const variables = useQuery({ queryKey: ['quickReplies', 'variables'], queryFn: () => unwrap(api.GET('/v1/quick-reply-variables')) });
  const save = useAction({
    run: (v: { name: string; text: string; scope?: 'personal' | 'department' | 'province'; tags?: string[] }) =>
      editing === 'new'
        ? unwrap(api.POST('/v1/quick-replies', { body: { name: v.name, text: v.text, scope: v.scope ?? 'personal', tags: v.tags ?? [] } }))
        : unwrap(api.PATCH('/v1/quick-replies/{id}', { params: { path: { id: editing.id } }, body: { name: v.name, text: v.text, tags: v.tags ?? [] } })),
    success: () => t('qr.saved'),
    onDone: onClose,
    onError: (e) => showFieldErrors(form, e),
  });
  const insert = (placeholder: string) => form.setFieldValue('text', `${form.getFieldValue('text') ?? ''}${placeholder}`);
  return (
    <Modal
      open
      title={t(editing === 'new' ? 'qr.new' : 'qr.edit')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: save.pending }}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        name="quick-reply"
        initialValues={editing === 'new' ? { scope: 'personal', tags: [] } : editing}
        onFinish={(v) => save.submit(v)}
      >
        <Form.Item name="name" label={t('qr.name')} rules={[{ required: true, whitespace: true }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('qr.text')}
          rules={[{ required: true, whitespace: true }, { max: 4000 }]}
          extra={
            <Space size={4} wrap>
              {t('qr.variables')}
              {variables.data?.map((v) => (
                <Button key={v.name} size="small" type="dashed" onClick={() => insert(v.placeholder)}>
                  {v.placeholder}
                </Button>
              ))}
            </Space>
          }
        >
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        {editing === 'new' && (
          <Form.Item name="scope" label={t('qr.scope')} extra={t('qr.provinceHint')}>
            <Select options={(['personal', 'department', 'province'] as const).map((s) => ({ value: s, label: t(`qr.scope.${s}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="tags" label={t('qr.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
      </Form>
      {save.errorText && <Alert type="error" showIcon title={save.errorText} data-testid="action-error" />}
    </Modal>
  );
}

export function QuickRepliesPage() {
  const { data: me } = useMe();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Reply | 'new' | null>(null);
  const list = useQuery({ queryKey: ['quickReplies', 'list', q], queryFn: () => unwrap(api.GET('/v1/quick-replies', { params: { query: q ? { q } : {} } })) });
  const review = useAction({
    run: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) =>
      unwrap(
        api.POST('/v1/quick-replies/{id}/review', {
          params: { path: { id } },
          body: decision === 'approve' ? { decision } : { decision, reason: window.prompt(t('qr.rejectReason')) || t('qr.reject') },
        }),
      ),
    success: () => t('common.done'),
  });
  const remove = useAction({
    run: (id: string) => unwrap(api.DELETE('/v1/quick-replies/{id}', { params: { path: { id } } })),
    success: () => t('common.done'),
  });
  const reviewer = me?.role === 'reviewer';

  return (
    <Page
      title={t('nav.quickReplies')}
      extra={
        <Button type="primary" onClick={() => setEditing('new')} data-testid="qr-new">
          {t('qr.new')}
        </Button>
      }
    >
      <Card>
        <Input.Search allowClear placeholder={t('qr.search')} onSearch={setQ} style={{ maxWidth: 420, marginBottom: 12 }} />
        {(review.errorText || remove.errorText) && <Alert type="error" showIcon title={review.errorText ?? remove.errorText} />}
        <Table<Reply>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('qr.name'), dataIndex: 'name', render: (name: string, r) => <span data-testid={`qr-row-${r.status}`}>{name}</span> },
            {
              title: t('qr.text'),
              dataIndex: 'text',
              render: (text: string) => (
                <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                  {text}
                </Typography.Text>
              ),
            },
            { title: t('qr.scope'), dataIndex: 'scope', render: (s: Reply['scope']) => t(`qr.scope.${s}`) },
            { title: t('qr.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
            { title: t('qr.usage'), dataIndex: 'usageCount' },
            {
              title: t('view.status'),
              dataIndex: 'status',
              render: (s: Reply['status'], r) => (
                <Tag color={STATUS_COLOR[s]} title={r.rejectReason ?? undefined}>
                  {t(`qr.status.${s}`)}
                </Tag>
              ),
            },
            {
              title: t('common.actions'),
              render: (_: unknown, r) => (
                <Space>
                  {r.mine && (
                    <Button size="small" onClick={() => setEditing(r)}>
                      {t('kb.edit')}
                    </Button>
                  )}
                  {r.mine && (
                    <Button size="small" danger onClick={() => remove.submit(r.id)}>
                      {t('qr.delete')}
                    </Button>
                  )}
                  {reviewer && r.scope === 'province' && r.status === 'pending' && !r.mine && (
                    <>
                      <Button size="small" type="primary" data-testid="qr-approve" onClick={() => review.submit({ id: r.id, decision: 'approve' })}>
                        {t('qr.approve')}
                      </Button>
                      <Button size="small" onClick={() => review.submit({ id: r.id, decision: 'reject' })}>
                        {t('qr.reject')}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && <ReplyForm editing={editing} onClose={() => setEditing(null)} />}
    </Page>
  );
}
