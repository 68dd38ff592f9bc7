// What a change event from GET /v1/events makes stale: the lists of that kind and their filter
// counts, the workbench counts, the detail of that case, and for a work order the loads of the
// department's people (an approval also changes the application's page, which
// its own application event covers).
export interface ChangeEvent {
  kind: 'application' | 'workOrder' | 'escalation';
  id: string;
  status?: string;
  org?: string;
}

export function parseChange(data: string): ChangeEvent | null {
  try {
    const value = JSON.parse(data) as Partial<ChangeEvent>;
    if ((value.kind === 'application' || value.kind === 'workOrder' || value.kind === 'escalation') && typeof value.id === 'string')
      return value as ChangeEvent;
  } catch {
    // not JSON: ignore
  }
  return null;
}

export function staleKeys(e: ChangeEvent): readonly unknown[][] {
  return [[e.kind, 'list'], [e.kind, 'facets'], [e.kind, 'detail', e.id], ['workbench'], ['mailItem'], ...(e.kind === 'workOrder' ? [['deskPeople']] : [])];
}

/** Falls back to polling after this many errors without a successful (re)connection. */
export const MAX_STREAM_ERRORS = 3;
export const POLL_MS = 10_000;

/** Decides between the stream and polling from the stream's open/error history. */
export function createLiveState(maxErrors = MAX_STREAM_ERRORS) {
  let errors = 0;
  return {
    opened() {
      errors = 0;
    },
    /** True when the stream should be given up for polling. */
    failed(): boolean {
      errors += 1;
      return errors >= maxErrors;
    },
  };
}
