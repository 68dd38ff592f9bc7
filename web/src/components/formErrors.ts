// A 422 answer highlights the field it names on the form (with the message); the rest of what
// was typed stays as it was.
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { fieldMessage } from '../api/errors';
import { fieldPath } from '../lib/fields';

/** Whole-object fields highlight their first input. */
const ALIASES: Record<string, (string | number)[]> = {
  customer: ['customer', 'name'],
  international: ['international', 'leg'],
};

/** Marks the fields the error names; true when at least one was on this form. */
export function showFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 422) return false;
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const marks = error.fields
    .map((f) => {
      const path = fieldPath(f.field);
      const name = ALIASES[path.join('.')] ?? path;
      return { name, errors: [fieldMessage(f)] };
    })
    .filter((m) => registered.has(m.name.join('.')));
  if (marks.length) {
    form.setFields(marks);
    form.scrollToField(marks[0]!.name);
  }
  return marks.length > 0;
}
