// 绩效: how each department, person and problem category performs in a period (compared with the
// one before, if asked), the on-time trend per department, the satisfaction of return visits, each
// figure's cases a click away, and the exports. Figures and their definitions are the API's.
import { useMemo, useState } from 'react';
import { useSearchParams, Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, DatePicker, Drawer, Form, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, fetchBlob, saveBlob, unwrap, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { errorText } from '../api/errors';
import { has, label, t, type MessageKey } from '../messages';
import { formatNumber, formatPercent } from '../lib/format';
import { dayRangeToIso, formatDateTime, inZone, thisMonthDays } from '../lib/time';
import { EChart, type ChartOption } from '../components/EChart';
import { Page } from '../components/Page';
import { QueryError } from '../components/QueryError';

type Report = Schemas['PerformanceReport'];
type ReportRow = Report['rows'][number];
type Figures = Schemas['PerformanceFigures'];
type Tab = 'departments' | 'people' | 'categories';
/** The figures that list cases: the API's own list of them. */
type DrillFigure = NonNullable<paths['/v1/reports/performance/cases']['get']['parameters']['query']>['figure'];
type Drill = { figure: DrillFigure; row: ReportRow | null };

/** The columns shown, and which figure's cases a click lists (a rate: its on-time cases; a median: its sample). */
const COLUMNS: { key: keyof Figures; kind: 'count' | 'minutes' | 'rate' | 'ratio' | 'average'; drill?: DrillFigure }[] = [
  { key: 'received', kind: 'count' },
  { key: 'closed', kind: 'count' },
  { key: 'open', kind: 'count' },
  { key: 'backlogUpTo1d', kind: 'count' },
  { key: 'backlogUpTo3d', kind: 'count' },
  { key: 'backlogUpTo7d', kind: 'count' },
  { key: 'backlogOlder', kind: 'count' },
  { key: 'responseMedianMinutes', kind: 'minutes' },
  { key: 'responseP90Minutes', kind: 'minutes' },
  { key: 'responsesOnTime', kind: 'count' },
  { key: 'responsesMissed', kind: 'count' },
  { key: 'onTimeResponseRate', kind: 'rate', drill: 'responsesMissed' },
  { key: 'resolutionMedianMinutes', kind: 'minutes' },
  { key: 'resolutionP90Minutes', kind: 'minutes' },
  { key: 'resolutionsMissed', kind: 'count' },
  { key: 'onTimeResolutionRate', kind: 'rate', drill: 'resolutionsMissed' },
  { key: 'closeMedianMinutes', kind: 'minutes' },
  { key: 'escalations', kind: 'count' },
  { key: 'reopened', kind: 'count' },
  { key: 'reopenRate', kind: 'rate', drill: 'reopened' },
  { key: 'transfers', kind: 'count' },
  { key: 'transfersPerOrder', kind: 'ratio', drill: 'transfers' },
  { key: 'refusedTransfers', kind: 'count' },
  { key: 'returnedToReviewer', kind: 'count' },
  { key: 'urges', kind: 'count' },
  { key: 'urgesPerOrder', kind: 'ratio', drill: 'urges' },
  { key: 'visits', kind: 'count' },
  { key: 'visitRate', kind: 'rate', drill: 'visits' },
  { key: 'satisfactionAverage', kind: 'average', drill: 'satisfactionAverage' },
  { key: 'satisfiedShare', kind: 'rate', drill: 'satisfied' },
];

const figureLabel = (k: string) => (has(`perf.fig.${k}`) ? t(`perf.fig.${k}` as MessageKey) : k);
const show = (kind: (typeof COLUMNS)[number]['kind'], v: unknown) =>
  typeof v !== 'number' ? t('none') : kind === 'rate' ? formatPercent(v) : kind === 'count' ? formatNumber(v) : String(v);

function trendOption(points: Schemas['PerformanceTrend']['points'], names: Map<string, string>): ChartOption {
  const starts = [...new Set(points.map((p) => p.start))].sort();
  const orgs = [...new Set(points.map((p) => p.org))];
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  const series = orgs.flatMap((org) => {
    const at = (s: string) => points.find((p) => p.org === org && p.start === s);
    const name = names.get(org) ?? org;
    return [
      { name: t('perf.trendResponse', { org: name }), type: 'line' as const, connectNulls: true, data: starts.map((s) => pct(at(s)?.onTimeResponseRate)) },
      {
        name: t('perf.trendResolution', { org: name }),
        type: 'line' as const,
        connectNulls: true,
        lineStyle: { type: 'dashed' as const },
        data: starts.map((s) => pct(at(s)?.onTimeResolutionRate)),
      },
    ];
  });
  return {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? t('none') : `${String(v)}%`) },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, bottom: 32, top: 48 },
    xAxis: { type: 'category', data: starts.map((s) => inZone(s).format('MM-DD')) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series,
  };
}

function satisfactionOption(scores: Record<string, number>): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, bottom: 32, top: 16 },
    xAxis: { type: 'category', data: [1, 2, 3, 4, 5].map((score) => t('perf.score', { score })) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: t('perf.fig.satisfactionScores'), data: [1, 2, 3, 4, 5].map((s) => scores[String(s)] ?? 0) }],
  };
}

export function PerformancePage() {
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [days, setDays] = useState<[Dayjs, Dayjs]>(() => {
    const from = params.get('from');
    const to = params.get('to');
    return from && to ? [inZone(from), inZone(to).subtract(1, 'day')] : thisMonthDays(Date.now());
  });
  const [compare, setCompare] = useState(false);
  const [tab, setTab] = useState<Tab>('departments');
  const [drill, setDrill] = useState<Drill | null>(null);
  const org = params.get('org') ?? undefined;
  const period = dayRangeToIso(days[0], days[1]);
  const query = { ...period, ...(org ? { org } : {}), ...(compare ? { compare: 'previous' as const } : {}) };
  const path = tab === 'people' ? '/v1/reports/people' : '/v1/reports/departments';
  const report = useQuery({
    queryKey: ['performance', tab, query],
    queryFn: () =>
      (tab === 'people'
        ? unwrap(api.GET('/v1/reports/people', { params: { query } }))
        : unwrap(
            api.GET('/v1/reports/departments', { params: { query: { ...query, by: tab === 'categories' ? 'category' : 'department' } } }),
          )) as Promise<Report>,
  });
  const trend = useQuery({
    queryKey: ['performance', 'trend', period, org],
    queryFn: () => unwrap(api.GET('/v1/reports/departments/trend', { params: { query: { ...period, interval: 'week', ...(org ? { org } : {}) } } })),
  });
  const data = report.data && typeof report.data === 'object' ? report.data : undefined;
  const rows = data?.rows ?? [];
  const names = useMemo(() => new Map(rows.filter((r) => r.org).map((r) => [r.org!, r.orgName ?? r.org!])), [rows]);
  const trendChart = useMemo(() => trendOption(trend.data?.points ?? [], names), [trend.data, names]);
  const satisfactionChart = useMemo(() => satisfactionOption((data?.total.figures.satisfactionScores ?? {}) as Record<string, number>), [data]);

  async function download(format: 'csv' | 'xlsx', which: 'figures' | 'cases') {
    try {
      const search = new URLSearchParams({ ...period, format, rows: which, ...(org ? { org } : {}), ...(tab === 'categories' ? { by: 'category' } : {}) });
      if (compare) search.set('compare', 'previous');
      const blob = await fetchBlob(
        `${path}?${search.toString()}`,
        format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      saveBlob(blob, `${tab}-${which === 'cases' ? 'cases-' : ''}${days[0].format('YYYY-MM-DD')}-${days[1].format('YYYY-MM-DD')}.${format}`);
    } catch (error) {
      void message.error(errorText(error));
    }
  }

  const keyColumns =
    tab === 'people'
      ? [
          { title: t('perf.department'), dataIndex: 'orgName', fixed: 'left' as const, width: 140 },
          { title: t('perf.person'), dataIndex: 'personName', fixed: 'left' as const, width: 110, render: (v: string | null, r: ReportRow) => v ?? r.person },
        ]
      : tab === 'categories'
        ? [{ title: t('perf.category'), dataIndex: 'category', fixed: 'left' as const, width: 110, render: (v: string) => label('category', v) }]
        : [{ title: t('perf.department'), dataIndex: 'orgName', fixed: 'left' as const, width: 160 }];
  const cell = (c: (typeof COLUMNS)[number], figures: Figures, previous: Figures | undefined, row: ReportRow | null) => {
    const v = figures[c.key];
    const prev = previous?.[c.key];
    const text = show(c.kind, v);
    return (
      <Space orientation="vertical" size={0}>
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          data-figure={c.key}
          data-org={row?.org ?? 'total'}
          data-person={row?.person ?? ''}
          onClick={() => setDrill({ figure: c.drill ?? (c.key as DrillFigure), row })}
        >
          {text}
        </Button>
        {previous ? <Typography.Text type="secondary">{t('perf.previous', { value: show(c.kind, prev) })}</Typography.Text> : null}
      </Space>
    );
  };

  return (
    <Page
      title={t('perf.title')}
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void download('csv', 'figures')} data-testid="export-csv">
            {t('perf.csv')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void download('csv', 'cases')} data-testid="export-cases">
            {t('perf.casesCsv')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void download('xlsx', 'figures')} data-testid="export-xlsx">
            {t('perf.xlsx')}
          </Button>
        </Space>
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label={t('perf.period')} htmlFor="perf-period">
            <DatePicker.RangePicker id={{ start: 'perf-period' }} allowClear={false} value={days} onChange={(v) => v?.[0] && v[1] && setDays([v[0], v[1]])} />
          </Form.Item>
          <Form.Item>
            <Checkbox checked={compare} onChange={(e) => setCompare(e.target.checked)}>
              {t('perf.compare')}
            </Checkbox>
          </Form.Item>
        </Form>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          { key: 'departments', label: t('perf.byDepartment') },
          { key: 'people', label: t('perf.byPerson') },
          { key: 'categories', label: t('perf.byCategory') },
        ]}
      />
      <QueryError query={report} />
      <Table<ReportRow>
        rowKey={(r) => `${r.org}|${r.person}|${r.category}`}
        data-testid="performance-table"
        size="small"
        loading={report.isPending}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 2600 }}
        locale={{ emptyText: t('perf.empty') }}
        columns={[
          ...keyColumns,
          ...COLUMNS.map((c) => ({
            title: figureLabel(c.key),
            key: c.key,
            align: 'right' as const,
            render: (_v: unknown, r: ReportRow) => cell(c, r.figures, r.previous, r),
          })),
        ]}
        summary={() =>
          data ? (
            <Table.Summary.Row>
              {keyColumns.map((k, i) => (
                <Table.Summary.Cell key={k.title} index={i}>
                  {i === 0 ? <Typography.Text strong>{t('perf.total')}</Typography.Text> : null}
                </Table.Summary.Cell>
              ))}
              {COLUMNS.map((c, i) => (
                <Table.Summary.Cell key={c.key} index={keyColumns.length + i} align="right">
                  {cell(c, data.total.figures, data.total.previous, null)}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={16}>
          <Card title={t('perf.trend')}>
            <EChart option={trendChart} ariaLabel={t('perf.trend')} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('perf.satisfaction')}>
            <EChart option={satisfactionChart} ariaLabel={t('perf.satisfaction')} />
          </Card>
        </Col>
      </Row>
      {drill ? <CasesDrawer drill={drill} tab={tab} period={period} org={org} onClose={() => setDrill(null)} /> : null}
    </Page>
  );
}

type Case = Schemas['PerformanceCases']['items'][number];

/** The cases a figure counts, a page at a time. */
function CasesDrawer({
  drill,
  tab,
  period,
  org,
  onClose,
}: {
  drill: Drill;
  tab: Tab;
  period: { from: string; to: string };
  org?: string;
  onClose: () => void;
}) {
  const [pages, setPages] = useState<string[]>(['']);
  const base = {
    figure: drill.figure,
    ...period,
    report: tab === 'people' ? ('people' as const) : ('departments' as const),
    ...(tab === 'categories' ? { by: 'category' as const } : {}),
    ...(drill.row?.org ? { org: drill.row.org } : org ? { org } : {}),
    ...(drill.row?.person ? { person: drill.row.person } : {}),
    ...(drill.row?.category ? { category: drill.row.category } : {}),
    limit: 100,
  };
  const results = useQuery({
    queryKey: ['performance', 'cases', base, pages],
    queryFn: () =>
      Promise.all(pages.map((cursor) => unwrap(api.GET('/v1/reports/performance/cases', { params: { query: { ...base, ...(cursor ? { cursor } : {}) } } })))),
  });
  const items = (results.data ?? []).flatMap((p) => p.items);
  const last = results.data?.at(-1);
  return (
    <Drawer open onClose={onClose} size="large" title={t('perf.cases', { figure: figureLabel(drill.figure), total: results.data?.[0]?.total ?? '…' })}>
      <QueryError query={results} />
      <Table<Case>
        rowKey={(r) => `${r.workOrderId}/${r.n}`}
        data-testid="performance-cases"
        size="small"
        loading={results.isPending}
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('perf.number'), dataIndex: 'number', render: (v: string, r) => <Link to={`/work-orders/${r.workOrderId}`}>{v}</Link> },
          { title: t('perf.kind'), dataIndex: 'kind', render: (v: string) => label('perf.kind', v) },
          { title: t('perf.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: t('perf.person'), dataIndex: 'personName', render: (v: string | null, r) => v ?? r.person ?? t('none') },
          { title: t('perf.minutes'), dataIndex: 'minutes', align: 'right', render: (v: number | null) => v ?? t('none') },
          {
            title: t('perf.onTime'),
            dataIndex: 'onTime',
            render: (v: boolean | null) => (v === null ? t('none') : <Tag color={v ? 'green' : 'red'}>{v ? t('perf.yes') : t('perf.no')}</Tag>),
          },
          { title: t('perf.level'), dataIndex: 'level', render: (v: number | null, r) => v ?? r.satisfaction ?? t('none') },
        ]}
      />
      {last?.nextCursor ? (
        <Button style={{ marginTop: 12 }} onClick={() => setPages([...pages, last.nextCursor!])}>
          {t('perf.more')}
        </Button>
      ) : null}
    </Drawer>
  );
}
