// The monthly report's activity: the month's figures of every department (the departments report's
// own query) and one notice per lead (inbox and email), written once per month and lead.
import { and, eq, inArray } from 'drizzle-orm';
import type { MonthlyReportInput, MonthlyReportResult } from '../contract/inputs.js';
import type { Db } from '../db/client.js';
import type { NoticeSettings } from '../db/notices.js';
import { reportFigures } from '../db/performance-report.js';
import { writeReportNotices } from '../db/performance.js';
import { organisations, users } from '../db/schema.js';
import { notices } from '../domain/notices.js';
import { emptyFigures, monthlyReportBody, monthPeriod, previousMonth, previousPeriod } from '../domain/performance.js';
import type { CasePolicy } from '../domain/policy.js';

export async function sendMonthlyReports(
  db: Db,
  policy: CasePolicy,
  input: MonthlyReportInput & { at: string },
  noticeSettings?: NoticeSettings,
): Promise<MonthlyReportResult> {
  const timeZone = policy.calendars.default?.timeZone ?? 'Asia/Shanghai';
  const month = input.month ?? previousMonth(Date.parse(input.at), timeZone);
  const period = monthPeriod(month, timeZone);
  const scope = { orgs: null };
  const [now, before, departments] = await Promise.all([
    reportFigures(db, period, 'department', scope),
    reportFigures(db, previousPeriod(period), 'department', scope),
    db.select({ code: organisations.code, name: organisations.name }).from(organisations).where(eq(organisations.kind, 'department')),
  ]);
  const leads = departments.length
    ? await db
        .select({ id: users.id, org: users.org })
        .from(users)
        .where(
          and(
            eq(users.lead, true),
            eq(users.active, true),
            inArray(
              users.org,
              departments.map((d) => d.code),
            ),
          ),
        )
    : [];
  const messages = leads.map((lead) => {
    const d = departments.find((x) => x.code === lead.org)!;
    const key = `${lead.org}||`; // db/performance-report.ts keyOf: org|person|category
    const figures = now.rows.get(key)?.figures ?? emptyFigures();
    const previous = before.rows.get(key)?.figures ?? emptyFigures();
    const link = `/performance?org=${encodeURIComponent(lead.org)}&from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
    return {
      key: `monthly_report:${month}:${lead.id}`,
      message: notices.monthlyReport(lead.id, monthlyReportBody({ orgName: d.name, month, figures, previous, link })),
    };
  });
  const written = await writeReportNotices(db, messages, noticeSettings);
  return { month, departments: new Set(leads.map((l) => l.org)).size, messages: written };
}
