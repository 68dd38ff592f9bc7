// 工作台: the person's counts (to do, due soon — the last share of a clock —, overdue) and the way into their queue.
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { ClockCircleOutlined, ExclamationCircleOutlined, InboxOutlined } from '@ant-design/icons';
import { useMe, useWorkbench } from '../api/queries';
import { t } from '../messages';
import { canUse, navFor, queueOf } from '../lib/access';
import { MailLookup } from '../components/MailLookup';
import { Page } from '../components/Page';
import { QueryError } from '../components/QueryError';

export function HomePage() {
  const { data: me } = useMe();
  const workbench = useWorkbench();
  const navigate = useNavigate();
  if (!me) return null;
  const queue = queueOf(me);
  const counts = workbench.data;
  const stat = (key: 'todo' | 'dueSoon' | 'overdue', icon: React.ReactNode, color?: string) => (
    <Col xs={24} sm={8}>
      <Card>
        <Statistic
          title={t(`home.${key}`)}
          value={counts?.[key] ?? 0}
          loading={workbench.isPending}
          prefix={icon}
          styles={color ? { content: { color } } : undefined}
          data-testid={`workbench-${key}`}
        />
        {queue && (
          <Link to={queue} aria-label={`${t(`home.${key}`)} ${t('common.view')}`}>
            {t('common.view')}
          </Link>
        )}
      </Card>
    </Col>
  );
  return (
    <Page title={t('home.title')}>
      <Typography.Paragraph>{t('home.welcome', { name: me.name ?? me.id })}</Typography.Paragraph>
      <QueryError query={workbench} />
      <Row gutter={[16, 16]}>
        {stat('todo', <InboxOutlined />)}
        {stat('dueSoon', <ClockCircleOutlined />, '#d46b08')}
        {stat('overdue', <ExclamationCircleOutlined />, '#cf1322')}
      </Row>
      {canUse(me, 'newApplication') && (
        <Card title={t('home.lookup')} style={{ marginTop: 16 }}>
          <MailLookup onLookup={(n) => navigate(`/applications/new?mailNumber=${encodeURIComponent(n)}`)} />
        </Card>
      )}
      <Card title={t('home.shortcuts')} style={{ marginTop: 16 }}>
        {navFor(me).length > 1 ? (
          <Space wrap>
            {navFor(me)
              .filter((n) => n.screen !== 'home')
              .map((n) => (
                <Button key={n.path} type={n.path === queue ? 'primary' : 'default'} onClick={() => navigate(n.path)}>
                  {t(n.label)}
                </Button>
              ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('home.noWork')}</Typography.Text>
        )}
      </Card>
    </Page>
  );
}
