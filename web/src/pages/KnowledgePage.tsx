// 知识库/案例库: articles (knowledge and cases), found by words, kind and category; an article in
// Markdown with its versions (who changed what), edited by the handling side, published by a reviewer.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../api/client';
import { useAction } from '../api/actions';
import { useMe } from '../api/queries';
import { errorText } from '../api/errors';
import { label, t } from '../messages';
import { formatDateTime } from '../lib/time';
import { Page } from '../components/Page';
import { Markdown } from '../components/Markdown';
import { showFieldErrors } from '../components/formErrors';
import { categoryOptions } from '../lib/options';

type Article = Schemas['Article'];

function ArticleForm({ article, onClose }: { article?: Article; onClose: () => void }) {
  const [form] = Form.useForm();
  const save = useAction({
    run: (v: { title: string; body: string; category?: Article['category']; tags?: string[]; kind?: Article['kind'] }) =>
      article
        ? unwrap(
            api.PATCH('/v1/articles/{id}', {
              params: { path: { id: article.id } },
              body: { title: v.title, body: v.body, category: v.category ?? null, tags: v.tags ?? [] },
            }),
          )
        : unwrap(
            api.POST('/v1/articles', { body: { kind: v.kind ?? 'knowledge', title: v.title, body: v.body, category: v.category ?? null, tags: v.tags ?? [] } }),
          ),
    success: () => t('common.done'),
    onDone: onClose,
    onError: (e) => showFieldErrors(form, e),
  });
  return (
    <Modal
      open
      width={760}
      title={t(article ? 'kb.edit' : 'kb.new')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: save.pending }}
      forceRender
    >
      <Form form={form} layout="vertical" name="article" initialValues={article ?? { kind: 'knowledge', tags: [] }} onFinish={(v) => save.submit(v)}>
        {!article && (
          <Form.Item name="kind" label={t('bulk.action')}>
            <Select options={(['knowledge', 'case'] as const).map((k) => ({ value: k, label: t(`kb.kind.${k}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('kb.articleTitle')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="category" label={t('kb.category')}>
          <Select allowClear options={categoryOptions()} />
        </Form.Item>
        <Form.Item name="tags" label={t('qr.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        <Form.Item name="body" label={t('kb.body')} rules={[{ required: true, whitespace: true }, { max: 20000 }]}>
          <Input.TextArea rows={12} />
        </Form.Item>
      </Form>
      {save.errorText && <Alert type="error" showIcon title={save.errorText} />}
    </Modal>
  );
}

export function KnowledgePage() {
  const { data: me } = useMe();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<Article['kind'] | undefined>();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['articles', 'list', q, kind],
    queryFn: () => unwrap(api.GET('/v1/articles', { params: { query: { ...(q ? { q } : {}), ...(kind ? { kind } : {}) } } })),
  });
  return (
    <Page
      title={t('kb.title')}
      extra={
        me?.capabilities.includes('editArticles') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('kb.new')}
          </Button>
        )
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear onSearch={setQ} style={{ width: 320 }} />
          <Select
            allowClear
            style={{ width: 140 }}
            value={kind}
            onChange={setKind}
            options={(['knowledge', 'case'] as const).map((k) => ({ value: k, label: t(`kb.kind.${k}`) }))}
          />
        </Space>
        <Table<Article>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data ?? []}
          columns={[
            { title: t('kb.articleTitle'), dataIndex: 'title', render: (title: string, a) => <Link to={`/knowledge/${a.id}`}>{title}</Link> },
            { title: t('bulk.action'), dataIndex: 'kind', render: (k: Article['kind']) => t(`kb.kind.${k}`) },
            { title: t('kb.category'), dataIndex: 'category', render: (c: Article['category']) => (c ? label('category', c) : t('none')) },
            {
              title: t('view.status'),
              dataIndex: 'status',
              render: (s: Article['status']) => <Tag color={s === 'published' ? 'green' : 'default'}>{t(`kb.status.${s}`)}</Tag>,
            },
            { title: t('view.col.updatedAt'), dataIndex: 'updatedAt', render: (d: string) => formatDateTime(d) },
            { title: t('wo.number'), dataIndex: 'linkedCases', render: (n: number) => t('kb.linkedCases', { count: n }) },
          ]}
        />
      </Card>
      {creating && <ArticleForm onClose={() => setCreating(false)} />}
    </Page>
  );
}

export function ArticlePage() {
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const article = useQuery({ queryKey: ['articles', 'detail', id], queryFn: () => unwrap(api.GET('/v1/articles/{id}', { params: { path: { id } } })) });
  const publish = useAction({ run: () => unwrap(api.POST('/v1/articles/{id}/publish', { params: { path: { id } } })), success: () => t('kb.published') });
  if (article.isPending) return <Spin />;
  if (article.isError) return <Alert type="error" showIcon title={errorText(article.error)} />;
  const a = article.data;
  const canEdit = me?.capabilities.includes('editArticles');
  return (
    <Page
      title={
        <Space wrap>
          {a.title}
          <Tag>{t(`kb.kind.${a.kind}`)}</Tag>
          <Tag color={a.status === 'published' ? 'green' : 'default'}>{t(`kb.status.${a.status}`)}</Tag>
        </Space>
      }
      extra={
        <Space>
          {canEdit && <Button onClick={() => setEditing(true)}>{t('kb.edit')}</Button>}
          {me?.role === 'reviewer' && a.status === 'draft' && (
            <Button type="primary" loading={publish.pending} onClick={() => publish.submit(undefined)} data-testid="kb-publish">
              {t('kb.publish')}
            </Button>
          )}
        </Space>
      }
    >
      {publish.errorText && <Alert type="error" showIcon title={publish.errorText} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card>
            <Typography.Paragraph type="secondary">
              {a.category ? label('category', a.category) : ''}{' '}
              {a.tags.map((x) => (
                <Tag key={x}>{x}</Tag>
              ))}{' '}
              · {t('kb.linkedCases', { count: a.linkedCases })}
              {a.sourceWorkOrderId && (
                <>
                  {' · '}
                  <Link to={`/work-orders/${a.sourceWorkOrderId}`}>{t('wo.caseTitle', { number: '' })}</Link>
                </>
              )}
            </Typography.Paragraph>
            <Markdown text={a.body} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('kb.versions')}>
            <Timeline
              items={a.versions.map((v) => ({
                key: v.version,
                content: (
                  <span>
                    {t('kb.version', { version: v.version })} · {v.changes.join('、')}
                    <br />
                    <Typography.Text type="secondary">
                      {v.changedBy.name ?? v.changedBy.userId} · {formatDateTime(v.changedAt)}
                    </Typography.Text>
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {editing && <ArticleForm article={a} onClose={() => setEditing(false)} />}
    </Page>
  );
}
