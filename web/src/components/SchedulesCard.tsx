// What runs on a schedule (the monthly performance report), for operators: next runs, last runs
// with their workflows' states, and running it now.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Table, Tag } from 'antd';
import { api, unwrap } from '../api/client';
import { errorText } from '../api/errors';
import { t } from '../messages';
import { formatDateTime } from '../lib/time';
import { WorkflowLink } from './WorkflowLink';

export function SchedulesCard() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => unwrap(api.GET('/v1/ops/schedules')), refetchInterval: 15_000 });
  async function runNow(scheduleId: string) {
    try {
      await unwrap(api.POST('/v1/ops/schedules/{scheduleId}/trigger', { params: { path: { scheduleId } } }));
      void message.success(t('schedules.triggered'));
      await qc.invalidateQueries({ queryKey: ['schedules'] });
    } catch (error) {
      void message.error(errorText(error));
    }
  }
  return (
    <Card title={t('schedules.title')} style={{ marginTop: 16 }} data-testid="schedules">
      <Table
        rowKey="scheduleId"
        size="small"
        pagination={false}
        loading={schedules.isPending}
        dataSource={schedules.data ?? []}
        columns={[
          {
            title: t('schedules.what'),
            dataIndex: 'description',
            render: (v: string, r) => (
              <>
                {v} {r.exists ? null : <Tag color="red">{t('schedules.missing')}</Tag>}
                {r.paused ? <Tag>{t('schedules.paused')}</Tag> : null}
              </>
            ),
          },
          { title: t('schedules.next'), dataIndex: 'nextRuns', render: (v: string[]) => (v[0] ? formatDateTime(v[0], true) : t('none')) },
          {
            title: t('schedules.last'),
            dataIndex: 'lastRuns',
            render: (v: { startedAt: string; workflowId: string; status: string | null }[]) =>
              v[0] ? (
                <>
                  {formatDateTime(v[0].startedAt, true)} <Tag data-status={v[0].status}>{v[0].status ?? t('none')}</Tag>{' '}
                  <WorkflowLink workflowId={v[0].workflowId} />
                </>
              ) : (
                t('schedules.never')
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_v, r) => (
              <Button size="small" disabled={!r.exists} onClick={() => void runNow(r.scheduleId)}>
                {t('schedules.runNow')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
