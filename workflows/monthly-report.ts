// The monthly performance report, started by its Temporal Schedule on the 1st (or by hand from the
// ops view): each department's figures of the month before, written to its leads (by email). The
// month is the run's own (its start time), so a run caught up late still reports the right month;
// the activity writes each lead's message once per month, so a repeated run writes nothing twice.
import type { MonthlyReportInput, MonthlyReportResult } from '../contract/inputs.js';
import { reports } from './activities.js';

export async function monthlyReportWorkflow(input: MonthlyReportInput = {}): Promise<MonthlyReportResult> {
  return reports.sendMonthlyReports({ ...input, at: new Date().toISOString() });
}
