// The office report: a period (this month by default), the per-office table as in the seed's
// report, a bar chart of the return rate and the on-time rates, and the same figures as CSV.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, fetchBlob, saveBlob, unwrap, type ReportRow } from '../api/client';
import { errorText } from '../api/errors';
import { t } from '../messages';
import { formatLevels, formatNumber, formatPercent } from '../lib/format';
import { dayRangeToIso, thisMonthDays } from '../lib/time';
import { EChart, type ChartOption } from '../components/EChart';
import { Page } from '../components/Page';
import { QueryError } from '../components/QueryError';

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

function chartOption(rows: ReportRow[]): ChartOption {
  return {
    animation: false, // a report, not a show: the bars stand where they end
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? t('none') : `${String(v)}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, bottom: 64, top: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: t('report.returnRate'), type: 'bar', data: rows.map((r) => pct(r.returnRate)) },
      { name: t('report.onTimeResponseRate'), type: 'bar', data: rows.map((r) => pct(r.onTimeResponseRate)) },
      { name: t('report.onTimeResolutionRate'), type: 'bar', data: rows.map((r) => pct(r.onTimeResolutionRate)) },
    ],
  };
}

export function ReportsPage() {
  const { message } = App.useApp();
  const [days, setDays] = useState<[Dayjs, Dayjs]>(() => thisMonthDays(Date.now()));
  const [downloading, setDownloading] = useState(false);
  const period = dayRangeToIso(days[0], days[1]);
  const report = useQuery({
    queryKey: ['report', period.from, period.to],
    queryFn: () => unwrap(api.GET('/v1/reports/offices', { params: { query: period } })) as Promise<ReportRow[]>,
  });
  const rows = useMemo(() => (Array.isArray(report.data) ? report.data : []), [report.data]);
  const option = useMemo(() => chartOption(rows), [rows]);

  async function downloadCsv() {
    setDownloading(true);
    try {
      const blob = await fetchBlob(`/v1/reports/offices?${new URLSearchParams(period).toString()}`, 'text/csv');
      saveBlob(blob, `offices-${days[0].format('YYYY-MM-DD')}-${days[1].format('YYYY-MM-DD')}.csv`);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setDownloading(false);
    }
  }

  const sum = (key: 'created' | 'reviewed' | 'returned' | 'becameOrders' | 'open' | 'overdue') => rows.reduce((n, r) => n + r[key], 0);
  const levels: Record<string, number> = {};
  for (const r of rows) for (const [level, n] of Object.entries(r.escalationsByLevel)) levels[level] = (levels[level] ?? 0) + n;

  return (
    <Page
      title={t('report.title')}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void downloadCsv()} loading={downloading} disabled={downloading}>
          {t('report.csv')}
        </Button>
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label={t('report.period')} htmlFor="report-period">
            <DatePicker.RangePicker id={{ start: 'report-period' }} allowClear={false} value={days} onChange={(v) => v?.[0] && v[1] && setDays([v[0], v[1]])} />
          </Form.Item>
        </Form>
      </Card>
      <QueryError query={report} />
      <Table<ReportRow>
        rowKey="org"
        data-testid="report-table"
        size="small"
        className="nowrap-table"
        loading={report.isPending}
        dataSource={rows}
        pagination={false}
        // Sized by its content, no cell wrapping: every column in view at 1280 px (scrolls only when narrower).
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('report.empty') }}
        columns={[
          { title: t('report.org'), dataIndex: 'name', fixed: 'left' },
          { title: t('report.created'), dataIndex: 'created', align: 'right', render: formatNumber },
          { title: t('report.reviewed'), dataIndex: 'reviewed', align: 'right', render: formatNumber },
          { title: t('report.returned'), dataIndex: 'returned', align: 'right', render: formatNumber },
          { title: t('report.returnRate'), dataIndex: 'returnRate', align: 'right', render: formatPercent },
          { title: t('report.becameOrders'), dataIndex: 'becameOrders', align: 'right', render: formatNumber },
          { title: t('report.onTimeResponseRate'), dataIndex: 'onTimeResponseRate', align: 'right', render: formatPercent },
          { title: t('report.onTimeResolutionRate'), dataIndex: 'onTimeResolutionRate', align: 'right', render: formatPercent },
          { title: t('report.open'), dataIndex: 'open', align: 'right', render: formatNumber },
          { title: t('report.overdue'), dataIndex: 'overdue', align: 'right', render: formatNumber },
          { title: t('report.escalations'), dataIndex: 'escalationsByLevel', render: formatLevels },
        ]}
        summary={() =>
          rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('report.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {formatNumber(sum('created'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {formatNumber(sum('reviewed'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {formatNumber(sum('returned'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {formatPercent(sum('reviewed') ? sum('returned') / sum('reviewed') : null)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                {formatNumber(sum('becameOrders'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                {t('none')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">
                {t('none')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={8} align="right">
                {formatNumber(sum('open'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={9} align="right">
                {formatNumber(sum('overdue'))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={10}>{formatLevels(levels)}</Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      <Card title={t('report.chart')} style={{ marginTop: 16 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <EChart option={option} ariaLabel={t('report.chart')} />
        </Space>
      </Card>
    </Page>
  );
}
