// The typed client of the API (types generated from its OpenAPI document by the build), with the
// session's CSRF token on every write, error bodies turned into ApiError, and a 401 anywhere
// sending the person to the sign-in page.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { createSubmission, type Submission } from '../lib/idempotency';

export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type Application = Schemas['Application'];
export type ApplicationDetail = Schemas['ApplicationDetail'];
export type WorkOrder = Schemas['WorkOrder'];
export type WorkOrderDetail = Schemas['WorkOrderDetail'];
export type Escalation = Schemas['Escalation'];
export type MailItemOverview = Schemas['MailItemOverview'];
export type CreationRule = Schemas['CreationRulePreview'];
export type StuckWorkflow = Schemas['StuckWorkflow'];
export type ReportRow = Schemas['OfficeReportRow'];
export type LocalPerson = Schemas['LocalPerson'];
export type Workbench = Schemas['Workbench'];
export type Policy = Schemas['PublicPolicy'];
export type DeskPerson = Schemas['DeskPerson'];
export type HistoryEntry = ApplicationDetail['history'][number];
export type Role = Me['role'];

/** The contract's error body, `{"error": {"code", "message", "details"}}`, as an exception. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 409 INVALID_TRANSITION: the case's status now (someone else acted first). */
  get currentStatus(): string | undefined {
    const d = this.details as { status?: unknown } | undefined;
    return this.code === 'INVALID_TRANSITION' && typeof d?.status === 'string' ? d.status : undefined;
  }

  /** 422: the fields named by the server, with its messages. */
  get fields(): { field: string; rule?: string; message?: string }[] {
    return Array.isArray(this.details) ? (this.details as { field?: unknown }[]).filter((d): d is { field: string } => typeof d?.field === 'string') : [];
  }

  /** 409 CREATION_REFUSED: the rule and the suggested action. */
  get refusal(): { rule: string; suggestedAction: string; existingWorkOrderId?: string; existingApplicationId?: string } | undefined {
    return this.code === 'CREATION_REFUSED' ? (this.details as never) : undefined;
  }
}

export function toApiError(status: number, body: unknown, fallback = 'request failed'): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  return new ApiError(status, e?.code ?? `HTTP_${status}`, e?.message ?? fallback, e?.details);
}

let csrfToken: string | null = null;
/** The session's CSRF token (from GET /v1/me or the sign-in answer): sent on every non-GET. */
export const setCsrfToken = (token: string | null | undefined) => {
  csrfToken = token ?? null;
};

/** Full-page navigation to the sign-in page, coming back here afterwards. */
export function goToLogin(): void {
  if (window.location.pathname === '/login') return;
  const returnTo = window.location.pathname + window.location.search;
  window.location.assign(`/login?returnTo=${encodeURIComponent(returnTo)}`);
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response, schemaPath }) {
    // Signing in itself answers 401/404 for unknown people: that is the page's to show.
    if (response.status === 401 && !schemaPath.startsWith('/auth/')) goToLogin();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

/** The answer's data, or an ApiError (network failures too: status 0). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error, result.response.statusText);
  return result.data as T;
}

/** A form's submissions: the Idempotency-Key for this content (the same on a retry). */
export const newSubmission = (): Submission => createSubmission();
export const idempotencyHeader = (key: string) => ({ 'Idempotency-Key': key });

/** Bytes of a GET with a chosen Accept (CSV of a report, an attachment), as a Blob. */
export async function fetchBlob(url: string, accept: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { Accept: accept } });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (response.status === 401) goToLogin();
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined), response.statusText);
  return response.blob();
}

/** Hands a Blob to the browser as a downloaded file. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
