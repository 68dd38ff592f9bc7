// Building blocks of every route schema. The OpenAPI document is generated from these, so each
// rule the server enforces on a single field is written here once, in a form a client can check
// before sending (a JSON Schema pattern, length or format).
import { z } from 'zod';
import { CLOCK_STATES } from '../../domain/clocks.js';
import { CLOCKS } from '../../domain/vocabulary.js';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('UPPER_SNAKE error code, e.g. VALIDATION_FAILED, INVALID_TRANSITION, CREATION_REFUSED'),
      message: z.string(),
      details: z
        .unknown()
        .optional()
        .describe('422: [{field, rule, message}]; 409: {status, …} or {rule, suggestedAction, existingWorkOrderId?}; 5xx: {requestId}'),
    }),
  })
  .meta({ id: 'Error' });

// Text PostgreSQL and gRPC can carry: no NUL (the pattern says so), and well-formed Unicode (no
// unpaired UTF-16 surrogate: JSON text is Unicode, so a client never means one; checked, not in
// the pattern, as other languages' regex engines cannot express it). `u`-mode patterns, which
// JavaScript and Python read alike (a character is a code point), but for `$`: Python's also
// matches before a final newline, so a pattern whose last part refuses newlines (a label) takes
// "x\n" in Python and not here.
const STORABLE_CHAR = '[^\\u0000]';
/** What String.prototype.trim removes (spelled out: `\s` means different things in other languages). */
const BLANK_CHARS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const STORABLE = new RegExp(`^${STORABLE_CHAR}*$`, 'u');
// Leading blanks, then the first character that is not one: no two parts can match the same
// character, so a failing match backtracks linearly (an overlapping form is cubic on long input).
const NOT_BLANK = new RegExp(`^[${BLANK_CHARS}]*[^${BLANK_CHARS}\\u0000]${STORABLE_CHAR}*$`, 'u');
const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();
const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** A string whose patterns never run on more than twice `max` UTF-16 units: the cheap check first, and the last if it fails. */
const bounded = (max: number) => z.string().max(2 * max, { message: `at most ${max} characters`, abort: true });

/** At most `max` characters, counted as JSON Schema counts them (code points, not UTF-16 units). */
const atMost = (schema: z.ZodString, max: number) =>
  schema
    .refine(wellFormed, { message: 'well-formed Unicode (no unpaired surrogate)' })
    .refine((s) => codePoints(s) <= max, { message: `at most ${max} characters` })
    .meta({ maxLength: max });

/** A short label (a tag): no blanks, no NUL, none of `also`, well-formed, 1–max characters. */
export const label = (max: number, also: string, message: string) =>
  z
    .string()
    .regex(new RegExp(`^[^${BLANK_CHARS}\\u0000${also}]{1,${max}}$`, 'u'), message)
    .refine(wellFormed, { message: 'well-formed Unicode (no unpaired surrogate)' });

/** Search words: at least two characters that are not blank (after trimming, two or more), storable, at most `max`. */
export const searchWords = (max: number) =>
  atMost(
    bounded(max).regex(
      new RegExp(`^[${BLANK_CHARS}]*[^${BLANK_CHARS}\\u0000][${BLANK_CHARS}]*[^${BLANK_CHARS}\\u0000]${STORABLE_CHAR}*$`, 'u'),
      'at least 2 characters, without NUL',
    ),
    max,
  );

/** Free text a person types: not blank, storable, at most `max` characters; stored trimmed. */
export const text = (max: number) => atMost(bounded(max).regex(NOT_BLANK, 'not blank, without NUL'), max).transform((s) => s.trim());

/** Free text that may be left blank (a note): storable, at most `max` characters; stored trimmed. */
export const note = (max: number) => atMost(bounded(max).regex(STORABLE, 'without NUL'), max).transform((s) => s.trim());

/** A query filter compared as it is (not trimmed): storable, at most `max` characters. */
export const filter = (max: number) => atMost(bounded(max).regex(STORABLE, 'without NUL'), max);

export const isoDateTime = z.iso.datetime({ offset: true });
export const idParam = z.object({ id: z.uuid() });
export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);
export const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
export const cursorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, 'a cursor this API issued')
  .describe('Opaque: pass back the `nextCursor` of the previous page as it is. A cursor this API did not issue is 400.');

/** Printable ASCII, as HTTP header values are. */
export const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[!-~]{1,200}$/, '1–200 printable ASCII characters')
    .optional()
    .describe(
      'A repeat with the same key returns the first answer and has no second effect; the same key for a different request is 422 IDEMPOTENCY_KEY_REUSED.',
    ),
});

/** The workflow of a case: application-…, work-order-…, escalation-application-… or escalation-workOrder-… and its uuid. */
export const workflowIdParam = z.object({
  workflowId: z
    .string()
    .regex(
      /^(application|work-order|escalation-application|escalation-workOrder)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      'the workflow id of a case',
    ),
});

/** Mail numbers as the tracking feed writes them. */
export const mailNumberSchema = z.string().regex(/^[A-Za-z0-9]{6,40}$/, '6–40 letters and digits');

/** The deadline that applies now and its clock, on every case (null when nothing is due). */
export const currentDeadlineFields = {
  currentDeadline: isoDateTime.nullable().describe('the deadline that applies now; null when nothing is due'),
  currentClock: z.enum(CLOCKS).nullable().describe('which clock currentDeadline belongs to'),
  currentClockStartedAt: isoDateTime.nullable().describe('when that clock started (its last quarter, by policy, is "due soon")'),
};

/** A clock as every client shows it, without arithmetic. */
export const clockViewSchema = z
  .object({
    clock: z.enum(CLOCKS),
    state: z.enum(CLOCK_STATES).describe('running, warning (its last share), overdue, paused, met (in time), missed (late)'),
    deadline: isoDateTime,
    startedAt: isoDateTime,
    remainingMs: z.number().describe('until the deadline: negative once past it; frozen while paused; at the stop once met or missed'),
    metAt: isoDateTime.nullable(),
    pausedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Clock' });
export const clocksField = z.array(clockViewSchema).describe('the case’s clocks with their states (a work order: response and resolution)');

/** A person of a department, as a case names them. */
export const personRef = z.object({ userId: z.string(), name: z.string().nullable() }).meta({ id: 'PersonRef' });

/** What the caller may do to the case now: the console shows exactly these actions. */
export const allowedActionsOf = <A extends string>(actions: Record<A, unknown>) =>
  z.array(z.enum(Object.keys(actions) as [A, ...A[]])).describe('the actions the caller may take on this case now; any other is refused');
