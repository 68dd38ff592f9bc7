// Where a server-named field (422 details[].field, e.g. "body.customer.phone" or
// "attachments.0.contentType") sits on a form whose values mirror the request body.
export function fieldPath(field: string): (string | number)[] {
  const parts = field.split('.').filter(Boolean);
  if (parts[0] === 'body') parts.shift();
  const path: (string | number)[] = [];
  for (const part of parts) {
    // A list's item is the list's field on the form (attachments are one upload control).
    if (/^\d+$/.test(part)) break;
    path.push(part);
  }
  return path;
}
