// Which events reach me by which channel (inbox, email). Mandatory events always reach the inbox.
import { App, Alert, Switch, Table, Tag } from 'antd';
import { Page } from '../components/Page';
import { QueryError } from '../components/QueryError';
import { useNoticePreferences, useSetNoticePreference, type NoticePreference } from '../api/notices';
import { errorText } from '../api/errors';
import { label, t } from '../messages';

export function NoticePreferencesPage() {
  const prefs = useNoticePreferences();
  const set = useSetNoticePreference();
  const { message } = App.useApp();
  const change = (item: Parameters<typeof set.mutate>[0]) =>
    set.mutate(item, { onSuccess: () => void message.success(t('notices.saved')), onError: (error) => void message.error(errorText(error)) });
  if (prefs.isError) return <QueryError query={prefs} />;
  const emailAvailable = prefs.data?.emailAvailable ?? false;
  return (
    <Page title={t('notices.preferences')}>
      {prefs.data && !emailAvailable && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('notices.emailUnavailable')} />}
      <Table<NoticePreference>
        rowKey="event"
        loading={prefs.isPending}
        pagination={false}
        dataSource={prefs.data?.items}
        columns={[
          {
            title: t('notices.event'),
            dataIndex: 'event',
            render: (event: NoticePreference['event'], p) => (
              <>
                {label('noticeEvent', event)} {p.mandatory && <Tag color="red">{t('notices.mandatory')}</Tag>}
              </>
            ),
          },
          {
            title: t('notices.inbox'),
            dataIndex: 'inbox',
            render: (on: boolean, p) => (
              <Switch
                checked={on}
                disabled={p.mandatory}
                aria-label={`${label('noticeEvent', p.event)} ${t('notices.inbox')}`}
                onChange={(inbox) => change({ event: p.event, inbox })}
              />
            ),
          },
          {
            title: t('notices.email'),
            dataIndex: 'email',
            render: (on: boolean, p) => (
              <Switch
                checked={on}
                disabled={!emailAvailable}
                aria-label={`${label('noticeEvent', p.event)} ${t('notices.email')}`}
                onChange={(email) => change({ event: p.event, email })}
              />
            ),
          },
        ]}
      />
    </Page>
  );
}
