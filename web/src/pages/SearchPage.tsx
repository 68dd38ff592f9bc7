// One search box's answers: a number that names one case opens it at once; words list the cases the
// caller may read that contain them, best first, the matched words marked.
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Card, List, Space, Spin, Tag, Typography } from 'antd';
import { api, unwrap } from '../api/client';
import { useOrgName } from '../api/queries';
import { errorText } from '../api/errors';
import { t } from '../messages';
import { formatDateTime } from '../lib/time';
import { Page } from '../components/Page';

export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const navigate = useNavigate();
  const orgName = useOrgName();
  const result = useQuery({
    queryKey: ['search', q],
    queryFn: () => unwrap(api.GET('/v1/search', { params: { query: { q } } })),
    enabled: q.length > 0,
    retry: false,
  });
  const exact = result.data?.exact;
  useEffect(() => {
    if (exact) navigate(exact.kind === 'workOrder' ? `/work-orders/${exact.id}` : `/applications/${exact.id}`, { replace: true });
  }, [exact, navigate]);

  return (
    <Page title={t('search.title', { q })}>
      {result.isPending && q && <Spin />}
      {result.isError && <Alert type="error" showIcon title={errorText(result.error)} />}
      {result.data && !exact && (
        <Card>
          <Typography.Paragraph type="secondary" data-testid="search-total">
            {result.data.more ? t('search.more', { total: result.data.total }) : t('search.total', { total: result.data.total })} ·{' '}
            {t('search.took', { ms: result.data.tookMs })}
          </Typography.Paragraph>
          <List
            locale={{ emptyText: t('search.empty') }}
            dataSource={result.data.items}
            renderItem={(hit) => (
              <List.Item key={hit.applicationId} data-testid="search-hit">
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Link to={hit.workOrderId ? `/work-orders/${hit.workOrderId}` : `/applications/${hit.applicationId}`}>
                        {hit.workOrderNumber ?? hit.number}
                      </Link>
                      <Tag>{hit.mailNumber}</Tag>
                      <Typography.Text type="secondary">
                        {orgName(hit.org)}
                        {hit.assignedOrg ? ` → ${orgName(hit.assignedOrg)}` : ''} · {formatDateTime(hit.createdAt)}
                      </Typography.Text>
                    </Space>
                  }
                  description={
                    <span data-testid="search-snippet">
                      {/* biome-ignore lint/suspicious/noArrayIndexKey: a snippet's parts have no identity but their place in the text, which never changes. */}
                      {hit.snippet.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                    </span>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Page>
  );
}
