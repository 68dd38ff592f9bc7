// The signed-in frame: who is acting (name, organisation, role — switchable when they have
// several), the menu of what their role may use, sign-out, and the live-update stream.
import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Badge, Button, Input, Layout, Menu, Result, Select, Space, Spin, Typography } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  FilterOutlined,
  PlusOutlined,
  ThunderboltOutlined,
  FileAddOutlined,
  FileTextOutlined,
  HomeOutlined,
  LogoutOutlined,
  ProfileOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap, type Role } from '../api/client';
import { useMe, useViews } from '../api/queries';
import { useLiveUpdates } from '../api/live';
import { errorText } from '../api/errors';
import { label, t } from '../messages';
import { canUse, navFor, type Screen } from '../lib/access';
import { NoticeBell } from './NoticeBell';
import { ViewEditor } from './ViewEditor';

const ICONS: Record<Screen, React.ReactNode> = {
  home: <HomeOutlined />,
  newApplication: <FileAddOutlined />,
  applications: <FileTextOutlined />,
  application: null,
  workOrder: null,
  review: <AuditOutlined />,
  myOrders: <ProfileOutlined />,
  desk: <TeamOutlined />,
  escalations: <AlertOutlined />,
  ops: <ToolOutlined />,
  reports: <BarChartOutlined />,
  performance: <TrophyOutlined />,
  search: null,
  quickReplies: <ThunderboltOutlined />,
  knowledge: <BookOutlined />,
  views: null,
};

/** The menu entry a path belongs to (the longest matching prefix). */
function selectedPath(pathname: string, paths: string[]): string[] {
  const match = paths.filter((p) => (p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(`${p}/`))).sort((a, b) => b.length - a.length)[0];
  return match ? [match] : [];
}

/**
 * The menu entry to highlight: the page itself when it is one; on a case page, the list the person
 * came from (the review queue they opened the application from, not 申请单 because of its path);
 * opened directly, the entry its path belongs to.
 */
function useSelectedEntry(pathname: string, paths: string[]): string[] {
  const own = paths.find((p) => p === pathname);
  const [cameFrom, setCameFrom] = useState<string | null>(null);
  useEffect(() => {
    if (own) setCameFrom(own);
  }, [own]);
  if (own) return [own];
  return cameFrom ? [cameFrom] : selectedPath(pathname, paths);
}

export function AppLayout() {
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const live = useLiveUpdates(me.data ? `${me.data.id}/${me.data.role}` : null);
  const [newView, setNewView] = useState(false);
  const hasViews = !!me.data && canUse(me.data, 'views');
  const views = useViews(hasViews);

  useEffect(() => setCsrfToken(me.data?.csrfToken), [me.data?.csrfToken]);

  const selected = useSelectedEntry(location.pathname, [
    ...(me.data ? navFor(me.data).map((n) => n.path) : []),
    ...(views.data ?? []).map((v) => `/views/${v.id}`),
  ]);

  if (me.isPending) return <Spin fullscreen tip={t('app.loading')} />;
  if (me.isError || !me.data) return <Result status="error" title={errorText(me.error)} />;
  const person = me.data;
  const nav = navFor(person);

  async function switchRole(role: Role) {
    try {
      const next = await unwrap(api.PUT('/v1/me/role', { body: { role } }));
      setCsrfToken(next.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(['me'], next);
      void message.success(t('header.roleSwitched', { role: label('role', role) }));
      navigate('/');
    } catch (error) {
      void message.error(errorText(error));
    }
  }

  async function logout() {
    try {
      const { redirectTo } = await unwrap(api.POST('/auth/logout'));
      qc.clear();
      window.location.assign(redirectTo);
    } catch (error) {
      void message.error(errorText(error));
    }
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={64} theme="light" width={200} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div className="brand">
          <Link to="/">{t('app.title')}</Link>
        </div>
        <Menu
          mode="inline"
          aria-label={t('nav.menu')}
          style={{ borderInlineEnd: 'none' }}
          selectedKeys={selected}
          items={[
            ...nav.map((n) => ({ key: n.path, icon: ICONS[n.screen], label: <Link to={n.path}>{t(n.label)}</Link> })),
            ...(hasViews
              ? [
                  {
                    key: 'views',
                    type: 'group' as const,
                    label: t('nav.views'),
                    children: [
                      ...(views.data ?? []).map((v) => ({
                        key: `/views/${v.id}`,
                        icon: <FilterOutlined />,
                        label: (
                          <Link to={`/views/${v.id}`} data-testid="view-menu-item">
                            {v.name} <Badge count={v.count} overflowCount={999} showZero color="#8c8c8c" data-testid="view-menu-count" />
                          </Link>
                        ),
                      })),
                      { key: 'new-view', icon: <PlusOutlined />, label: t('nav.newView'), onClick: () => setNewView(true) },
                    ],
                  },
                ]
              : []),
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Space size="middle" wrap className="app-header-inner">
            {canUse(person, 'search') && (
              <Input.Search
                allowClear
                aria-label={t('common.search')}
                placeholder={t('search.placeholder')}
                style={{ width: 320 }}
                data-testid="global-search"
                onSearch={(q) => q.trim() && navigate(`/search?q=${encodeURIComponent(q.trim())}`)}
              />
            )}
            <Badge
              data-live={live}
              status={live === 'stream' ? 'success' : live === 'polling' ? 'warning' : 'default'}
              text={live === 'polling' ? t('live.polling') : t('live.connected')}
            />
            <NoticeBell />
            <Typography.Text strong data-testid="me-name">
              {person.name ?? person.id}
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="me-org">
              {person.orgName ?? person.org}
            </Typography.Text>
            {person.roles.length > 1 ? (
              <Select
                aria-label={t('header.switchRole')}
                value={person.role}
                onChange={(r) => void switchRole(r)}
                options={person.roles.map((r) => ({ value: r, label: label('role', r) }))}
                style={{ minWidth: 140 }}
              />
            ) : (
              <Typography.Text data-testid="me-role">{label('role', person.role)}</Typography.Text>
            )}
            <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
              {t('header.logout')}
            </Button>
          </Space>
        </Layout.Header>
        {newView && <ViewEditor onClose={() => setNewView(false)} />}
        <Layout.Content className="app-content">
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
