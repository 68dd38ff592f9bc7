// Files people attach: to a new application, or to a message on its case (a reply, a question, a
// note, an append). Checked against the policy's limits; kept with the case's application, so the
// one rule of who may read the case decides who may download them.
import { createHash } from 'node:crypto';
import type { AttachmentRef } from '../../contract/messages.js';
import { attachments } from '../../db/schema.js';
import type { Actor } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { unprocessable } from '../errors.js';
import type { AttachmentInput } from '../schemas/applications.js';

/** Decoded and checked: types, sizes and count as the policy allows (422 naming the one that does not). */
export function checkAttachments(ctx: ServiceContext, list: AttachmentInput[], field = 'attachments') {
  if (list.length > ctx.attachments.maxCount) throw unprocessable(field, 'maxCount', `at most ${ctx.attachments.maxCount} attachments`);
  return list.map((a, i) => {
    if (!ctx.attachments.contentTypes.includes(a.contentType)) {
      throw unprocessable(`${field}.${i}.contentType`, 'allowedContentType', `content type must be one of ${ctx.attachments.contentTypes.join(', ')}`);
    }
    const content = Buffer.from(a.contentBase64, 'base64');
    if (content.length > ctx.attachments.maxBytes)
      throw unprocessable(`${field}.${i}.contentBase64`, 'maxBytes', `attachment larger than ${ctx.attachments.maxBytes} bytes`);
    return { name: a.name, contentType: a.contentType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content };
  });
}

/** Keeps a message's files with the case's application; the refs go into the history entry that names them. */
export async function storeAttachments(
  ctx: ServiceContext,
  applicationId: string,
  actor: Actor,
  list: AttachmentInput[] | undefined,
  visibility: 'all' | 'department',
): Promise<AttachmentRef[] | undefined> {
  if (!list?.length) return undefined;
  const files = checkAttachments(ctx, list);
  const rows = await ctx.db
    .insert(attachments)
    .values(files.map((f) => ({ ...f, applicationId, visibility, uploadedBy: actor.userId })))
    .returning({ id: attachments.id, name: attachments.name });
  return rows;
}
