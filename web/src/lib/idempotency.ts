// One Idempotency-Key per submission of a form: a retry of the same content (a double click, a
// retry after a network error or a 503) reuses it, so the server acts once; changed content is a
// new submission with a new key (the server refuses a key reused for a different request).
export interface Submission {
  keyFor(body: unknown): string;
  /** The submission succeeded: the next one is new. */
  done(): void;
}

const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** Stable JSON (sorted keys) so the same content always compares equal. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function createSubmission(makeKey: () => string = newKey): Submission {
  let last: { body: string; key: string } | undefined;
  return {
    keyFor(body) {
      const json = stableJson(body);
      if (!last || last.body !== json) last = { body: json, key: makeKey() };
      return last.key;
    },
    done() {
      last = undefined;
    },
  };
}
