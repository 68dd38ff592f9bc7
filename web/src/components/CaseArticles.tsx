// On a case page: the articles linked to it and those suggested from its category and words; link
// one with a click; a closed case becomes a draft 案例 (从工单生成案例).
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, List, Space, Tag } from 'antd';
import { api, unwrap, type WorkOrder } from '../api/client';
import { useAction } from '../api/actions';
import { useMe } from '../api/queries';
import { t } from '../messages';

export function CaseArticles({ order }: { order: WorkOrder }) {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const canEdit = !!me?.capabilities.includes('editArticles');
  const articles = useQuery({
    queryKey: ['articles', 'case', order.id],
    queryFn: () => unwrap(api.GET('/v1/work-orders/{id}/articles', { params: { path: { id: order.id } } })),
    enabled: !!me?.capabilities.includes('knowledgeBase'),
  });
  const link = useAction({
    run: ({ articleId, on }: { articleId: string; on: boolean }) =>
      unwrap(
        on
          ? api.PUT('/v1/work-orders/{id}/articles/{articleId}', { params: { path: { id: order.id, articleId } } })
          : api.DELETE('/v1/work-orders/{id}/articles/{articleId}', { params: { path: { id: order.id, articleId } } }),
      ),
  });
  const fromCase = useAction({
    run: () => unwrap(api.POST('/v1/work-orders/{id}/case-article', { params: { path: { id: order.id } } })),
    success: () => t('kb.fromCaseDone'),
    onDone: (a) => navigate(`/knowledge/${a.id}`),
  });
  if (!me?.capabilities.includes('knowledgeBase')) return null;
  const item = (a: { id: string; title: string; kind: 'knowledge' | 'case'; linkedCases: number }, linked: boolean) => (
    <List.Item
      key={a.id}
      data-testid={linked ? 'article-linked' : 'article-suggested'}
      actions={
        canEdit
          ? [
              <Button key="l" size="small" type="link" onClick={() => link.submit({ articleId: a.id, on: !linked })}>
                {t(linked ? 'kb.unlink' : 'kb.link')}
              </Button>,
            ]
          : []
      }
    >
      <Space wrap>
        <Link to={`/knowledge/${a.id}`}>{a.title}</Link>
        <Tag>{t(`kb.kind.${a.kind}`)}</Tag>
        <span>{t('kb.linkedCases', { count: a.linkedCases })}</span>
      </Space>
    </List.Item>
  );
  return (
    <Card
      title={t('kb.case')}
      style={{ marginTop: 16 }}
      extra={
        canEdit &&
        order.status === 'closed' && (
          <Button size="small" onClick={() => fromCase.submit(undefined)} loading={fromCase.pending} data-testid="kb-from-case">
            {t('kb.fromCase')}
          </Button>
        )
      }
    >
      {(link.errorText || fromCase.errorText) && <Alert type="error" showIcon title={link.errorText ?? fromCase.errorText} />}
      <List
        size="small"
        header={t('kb.linked')}
        locale={{ emptyText: t('kb.none') }}
        dataSource={articles.data?.linked ?? []}
        renderItem={(a) => item(a, true)}
      />
      <List
        size="small"
        header={t('kb.suggested')}
        locale={{ emptyText: t('kb.none') }}
        dataSource={articles.data?.suggested ?? []}
        renderItem={(a) => item(a, false)}
      />
    </Card>
  );
}
