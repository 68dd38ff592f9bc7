// The performance reports as files, streamed: CSV (UTF-8 with a BOM, RFC 4180; a cell a
// spreadsheet would read as a formula — starting with = + - @, a tab or a carriage return — is
// neutralised with a leading apostrophe) and XLSX (exceljs's streaming writer: rows are written and
// let go as they come). What is listed: the report's rows (`rows=figures`) or every fact of the
// period in scope, one case per line (`rows=cases`), read a page at a time by keyset, so no export
// holds more than one page whatever its length. An XLSX has both, as two sheets.
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FACT_KIND_LABELS, FIGURE_LABELS, figureText, REPORT_COLUMNS, type Figures } from '../../domain/performance.js';
import type { Actor } from '../../domain/vocabulary.js';
import { periodFactsPage, type DrillRow, type ReportBy } from '../../db/performance-report.js';
import type { ServiceContext } from '../context.js';
import { performanceReport, periodOf, scopeOf, type PerformanceReport, type ReportQuery } from './performance.js';

const PAGE = 2000;

/** A CSV cell: formulas neutralised, quoted when it holds a comma, quote or line break. */
export function csvCell(v: unknown): string {
  let text = v === null || v === undefined ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

type Cell = string | number | null;

function summaryHeader(r: PerformanceReport): string[] {
  const keys = r.by === 'person' ? ['部门', '人员', '工号'] : r.by === 'category' ? ['问题类别'] : ['部门', '代码'];
  const labels = REPORT_COLUMNS.map((c) => FIGURE_LABELS[c]);
  return [...keys, ...labels, ...(r.previous ? labels.map((l) => `上期${l}`) : [])];
}

const figureCells = (f: Figures): Cell[] =>
  REPORT_COLUMNS.map((c) => {
    const v = f[c];
    return typeof v === 'object' && v !== null ? figureText(c, v) : (v as number | null);
  });

function summaryRows(r: PerformanceReport): Cell[][] {
  const keyCells = (row: PerformanceReport['rows'][number]): Cell[] =>
    r.by === 'person' ? [row.orgName, row.personName, row.person] : r.by === 'category' ? [row.category] : [row.orgName, row.org];
  const width = r.by === 'person' ? 3 : r.by === 'category' ? 1 : 2;
  return [
    ...r.rows.map((row) => [...keyCells(row), ...figureCells(row.figures), ...(row.previous ? figureCells(row.previous) : [])]),
    ['合计', ...Array<Cell>(width - 1).fill(null), ...figureCells(r.total.figures), ...(r.total.previous ? figureCells(r.total.previous) : [])],
  ];
}

const CASE_HEADER = ['工单号', '事项', '时间', '至', '部门', '人员', '工号', '问题类别', '工作分钟', '及时', '升级级别', '满意度', '重开', '来源'];
const caseCells = (f: DrillRow, orgName: (code: string) => string): Cell[] => [
  f.number,
  FACT_KIND_LABELS[f.kind as keyof typeof FACT_KIND_LABELS] ?? f.kind,
  f.at,
  f.until,
  orgName(f.org),
  f.personName,
  f.person,
  f.category,
  f.minutes,
  f.onTime === null ? null : f.onTime ? '是' : '否',
  f.level,
  f.satisfaction,
  f.reopened === null ? null : f.reopened ? '是' : '否',
  f.via,
];

/** Every fact of the period in scope, a page at a time. */
async function* caseRows(ctx: ServiceContext, actor: Actor, report: 'departments' | 'people', q: ReportQuery, orgName: (code: string) => string) {
  const period = periodOf(q);
  const by: ReportBy = report === 'people' ? 'person' : (q.by ?? 'department');
  const scope = scopeOf(actor, report, q);
  let after: DrillRow | undefined;
  for (;;) {
    const page = await periodFactsPage(ctx.db, period, by, scope, PAGE, after);
    for (const f of page) yield caseCells(f, orgName);
    if (page.length < PAGE) return;
    after = page.at(-1);
  }
}

export interface ExportFile {
  stream: Readable;
  contentType: string;
  filename: string;
}

const fileName = (report: string, q: ReportQuery, ext: string, rows: string) =>
  `${report}-${rows === 'cases' ? 'cases-' : ''}${q.from.slice(0, 10)}-${q.to.slice(0, 10)}.${ext}`;

/** Waits while the reader is behind (a slow download does not pile rows up in memory). */
const drained = (out: Writable) => (out.writableNeedDrain ? new Promise<void>((resolve) => out.once('drain', () => resolve())) : Promise.resolve());

export async function exportReport(
  ctx: ServiceContext,
  actor: Actor,
  report: 'departments' | 'people',
  q: ReportQuery,
  format: 'csv' | 'xlsx',
  rows: 'figures' | 'cases',
): Promise<ExportFile> {
  // The report first (it also checks the period and the scope before anything is sent).
  const summary = await performanceReport(ctx, actor, report, q);
  const names = new Map(summary.rows.filter((r) => r.org).map((r) => [r.org!, r.orgName ?? r.org!]));
  const orgName = (code: string) => names.get(code) ?? code;
  const log = ctx.log.child({ export: report, format, rows });
  if (format === 'csv') {
    async function* csv() {
      yield '\uFEFF';
      if (rows === 'figures') {
        yield csvLine(summaryHeader(summary));
        for (const r of summaryRows(summary)) yield csvLine(r);
        return;
      }
      yield csvLine(CASE_HEADER);
      let lines: string[] = [];
      let count = 0;
      for await (const r of caseRows(ctx, actor, report, q, orgName)) {
        lines.push(csvLine(r));
        count += 1;
        if (lines.length === 500) {
          yield lines.join('');
          lines = [];
        }
      }
      if (lines.length) yield lines.join('');
      log.info({ lines: count }, 'performance export written');
    }
    return { stream: Readable.from(csv(), { objectMode: false }), contentType: 'text/csv; charset=utf-8', filename: fileName(report, q, 'csv', rows) };
  }
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  void (async () => {
    const sheet = workbook.addWorksheet('汇总');
    sheet.addRow(summaryHeader(summary)).commit();
    for (const r of summaryRows(summary)) sheet.addRow(r).commit();
    sheet.commit();
    const cases = workbook.addWorksheet('明细');
    cases.addRow(CASE_HEADER).commit();
    let count = 0;
    for await (const r of caseRows(ctx, actor, report, q, orgName)) {
      cases.addRow(r).commit();
      if (++count % 500 === 0) await drained(out);
    }
    cases.commit();
    await workbook.commit();
    log.info({ lines: count }, 'performance export written');
  })().catch((error: unknown) => {
    log.error({ err: error }, 'performance export failed');
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return { stream: out, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: fileName(report, q, 'xlsx', 'figures') };
}
