// The process's Prometheus registry and the service's own figures. Workers count transitions as
// they record them; the API serves the registry at /metrics (with the SDK's worker metrics).
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const transitions = new Counter({
  name: 'bpm_transitions_total',
  help: 'Case transitions recorded, by kind and action',
  labelNames: ['kind', 'action'],
  registers: [registry],
});
const opened = new Counter({ name: 'bpm_cases_opened_total', help: 'Cases opened, by kind', labelNames: ['kind'], registers: [registry] });
const closed = new Counter({
  name: 'bpm_cases_closed_total',
  help: 'Cases closed (applications closed, work orders closed, escalations resolved), by kind',
  labelNames: ['kind'],
  registers: [registry],
});
const deadlineMisses = new Counter({
  name: 'bpm_deadline_misses_total',
  help: 'Deadlines missed, by kind and deadline',
  labelNames: ['kind', 'deadline'],
  registers: [registry],
});
const escalationLevels = new Counter({
  name: 'bpm_escalations_entered_total',
  help: 'Escalation levels entered, by level',
  labelNames: ['level'],
  registers: [registry],
});

const OPENING = new Set(['created', 'dispatched', 'opened']);

/** Called once per newly recorded transition (never for a retried write). */
export function countTransition({ kind, action, status, detail }: { kind: string; action: string; status: string; detail: Record<string, unknown> }): void {
  transitions.inc({ kind, action });
  if (OPENING.has(action)) opened.inc({ kind });
  if (
    (kind === 'escalation' && action === 'resolved') ||
    (kind !== 'escalation' && status === 'closed' && ['approved', 'abandoned', 'auto_abandoned', 'closed'].includes(action))
  )
    closed.inc({ kind });
  if (action.endsWith('_overdue')) deadlineMisses.inc({ kind, deadline: action.replace(/_overdue$/, '') });
  if (kind === 'escalation' && ['opened', 'climbed', 'raised'].includes(action)) escalationLevels.inc({ level: String(detail.level ?? '') });
}
