// Routes. Every screen but /login sits in the signed-in layout and checks the role may use it.
import { lazy, Suspense } from 'react';
import { Route, Routes, Link } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { AppLayout } from './components/AppLayout';
import { RequireScreen } from './components/RequireScreen';
import { t } from './messages';
import { LoginPage } from './pages/LoginPage';

// Screens load on first use (the report's charting library only on the report).
const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const HomePage = page(() => import('./pages/HomePage'), 'HomePage');
const NewApplicationPage = page(() => import('./pages/NewApplicationPage'), 'NewApplicationPage');
const ApplicationsPage = page(() => import('./pages/ApplicationsPage'), 'ApplicationsPage');
const ApplicationPage = page(() => import('./pages/ApplicationPage'), 'ApplicationPage');
const WorkOrderPage = page(() => import('./pages/WorkOrderPage'), 'WorkOrderPage');
const ReviewPage = page(() => import('./pages/ReviewPage'), 'ReviewPage');
const MyOrdersPage = page(() => import('./pages/MyOrdersPage'), 'MyOrdersPage');
const DeskPage = page(() => import('./pages/DeskPage'), 'DeskPage');
const EscalationsPage = page(() => import('./pages/EscalationsPage'), 'EscalationsPage');
const OpsPage = page(() => import('./pages/OpsPage'), 'OpsPage');
const ReportsPage = page(() => import('./pages/ReportsPage'), 'ReportsPage');
const NoticePreferencesPage = page(() => import('./pages/NoticePreferencesPage'), 'NoticePreferencesPage');
const PerformancePage = page(() => import('./pages/PerformancePage'), 'PerformancePage');
const SearchPage = page(() => import('./pages/SearchPage'), 'SearchPage');
const QuickRepliesPage = page(() => import('./pages/QuickRepliesPage'), 'QuickRepliesPage');
const KnowledgePage = page(() => import('./pages/KnowledgePage'), 'KnowledgePage');
const ArticlePage = page(() => import('./pages/KnowledgePage'), 'ArticlePage');
const ViewPage = page(() => import('./pages/ViewPage'), 'ViewPage');

function NotFound() {
  return <Result status="404" title={t('common.pageNotFound')} extra={<Link to="/">{t('common.toHome')}</Link>} />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route
            path="applications/new"
            element={
              <RequireScreen screen="newApplication">
                <NewApplicationPage />
              </RequireScreen>
            }
          />
          <Route
            path="applications"
            element={
              <RequireScreen screen="applications">
                <ApplicationsPage />
              </RequireScreen>
            }
          />
          <Route
            path="applications/:id"
            element={
              <RequireScreen screen="application">
                <ApplicationPage />
              </RequireScreen>
            }
          />
          <Route
            path="work-orders/:id"
            element={
              <RequireScreen screen="workOrder">
                <WorkOrderPage />
              </RequireScreen>
            }
          />
          <Route
            path="review"
            element={
              <RequireScreen screen="review">
                <ReviewPage />
              </RequireScreen>
            }
          />
          <Route
            path="my-orders"
            element={
              <RequireScreen screen="myOrders">
                <MyOrdersPage />
              </RequireScreen>
            }
          />
          <Route
            path="desk"
            element={
              <RequireScreen screen="desk">
                <DeskPage />
              </RequireScreen>
            }
          />
          <Route
            path="escalations"
            element={
              <RequireScreen screen="escalations">
                <EscalationsPage />
              </RequireScreen>
            }
          />
          <Route
            path="ops"
            element={
              <RequireScreen screen="ops">
                <OpsPage />
              </RequireScreen>
            }
          />
          <Route
            path="reports"
            element={
              <RequireScreen screen="reports">
                <ReportsPage />
              </RequireScreen>
            }
          />
          <Route path="notices/preferences" element={<NoticePreferencesPage />} />
          <Route
            path="performance"
            element={
              <RequireScreen screen="performance">
                <PerformancePage />
              </RequireScreen>
            }
          />
          <Route
            path="search"
            element={
              <RequireScreen screen="search">
                <SearchPage />
              </RequireScreen>
            }
          />
          <Route
            path="quick-replies"
            element={
              <RequireScreen screen="quickReplies">
                <QuickRepliesPage />
              </RequireScreen>
            }
          />
          <Route
            path="knowledge"
            element={
              <RequireScreen screen="knowledge">
                <KnowledgePage />
              </RequireScreen>
            }
          />
          <Route
            path="knowledge/:id"
            element={
              <RequireScreen screen="knowledge">
                <ArticlePage />
              </RequireScreen>
            }
          />
          <Route
            path="views/:id"
            element={
              <RequireScreen screen="views">
                <ViewPage />
              </RequireScreen>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
