// What the route schemas cannot say by themselves, added to the generated OpenAPI document in one
// place: responses that are not JSON, and links from the operations that create things to the ones
// that act on them (so a stateful client can follow a case).
type Operation = { operationId?: string; responses?: Record<string, { content?: Record<string, unknown>; links?: Record<string, unknown> }> };
type Document = { paths?: Record<string, Record<string, Operation>> };

const NON_JSON: Record<string, Record<string, Record<string, unknown>>> = {
  // Each event as a server-sent-events parser gives it: `event: change` with its JSON data.
  events: {
    'text/event-stream': {
      schema: {
        type: 'object',
        properties: {
          event: { type: 'string', enum: ['change', 'notice'] },
          data: {
            type: 'string',
            contentMediaType: 'application/json',
            description:
              'change: JSON {kind, id, status, org, assignedOrg} of a case the caller may see; notice: JSON {kind: "notice", userId} (the caller’s notices changed)',
          },
          retry: { type: 'integer' },
        },
        required: ['event', 'data'],
      },
    },
  },
  getAttachment: { '*/*': { schema: { type: 'string', format: 'binary' } } },
};

const link = (operationId: string, parameters: Record<string, string>, description: string) => ({ operationId, parameters, description });
const byId = (from: string) => ({ id: `$response.body#/${from}` });

/** operationId → response status → links. */
const LINKS: Record<string, Record<string, Record<string, unknown>>> = {
  createApplication: {
    '201': {
      GetApplication: link('getApplication', byId('id'), 'the application just created'),
      ReviewApplication: link('reviewApplication', byId('id'), 'approve or return it'),
      ResubmitApplication: link('resubmitApplication', byId('id'), 'after a return: resubmit'),
      AbandonApplication: link('abandonApplication', byId('id'), 'after a return: abandon'),
    },
  },
  reviewApplication: {
    '200': {
      GetWorkOrder: link('getWorkOrder', byId('workOrderId'), 'the work order an approval dispatched'),
      AcceptWorkOrder: link('acceptWorkOrder', byId('workOrderId'), 'the department accepts it'),
      UrgeWorkOrder: link('urgeWorkOrder', byId('workOrderId'), 'the office urges it'),
    },
  },
  acceptWorkOrder: { '200': { ReplyWorkOrder: link('replyWorkOrder', byId('id'), 'reply with the result') } },
  replyWorkOrder: { '200': { CloseWorkOrder: link('closeWorkOrder', byId('id'), 'close against the standard') } },
  closeWorkOrder: {
    '200': {
      ReturnVisitWorkOrder: link('returnVisitWorkOrder', byId('id'), 'record the return visit'),
      ReactivateWorkOrder: link('reactivateWorkOrder', byId('id'), 'reactivate when it does not meet the standard'),
    },
  },
  createEscalation: {
    '201': {
      GetEscalation: link('getEscalation', byId('id'), 'the escalation opened or raised'),
      AcknowledgeEscalation: link('acknowledgeEscalation', byId('id'), 'the level acknowledges it'),
      ResolveEscalation: link('resolveEscalation', byId('id'), 'resolve it'),
    },
  },
  putMailItem: {
    '200': { GetMailItem: link('getMailItem', { mailNumber: '$response.body#/mailNumber' }, 'what exists for it and what the creation rules say') },
  },
  createUser: { '201': { GetUser: link('getUser', byId('id'), 'the person just added') } },
  createApiKey: { '201': { RevokeApiKey: link('revokeApiKey', byId('id'), 'revoke the key') } },
};

/** OpenAPI 3.0.3 reads `nullable` as not widening an `enum`: a nullable enum lists null itself. */
function nullableEnumsListNull(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(nullableEnumsListNull);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as { nullable?: boolean; enum?: unknown[] };
  if (schema.nullable && schema.enum && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  Object.values(node).forEach(nullableEnumsListNull);
}

export function finishDocument<D>(document: D): D {
  const doc = document as Document;
  nullableEnumsListNull(doc);
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(operations)) {
      const id = op.operationId ?? '';
      const ok = op.responses?.['200'];
      if (NON_JSON[id] && ok) ok.content = NON_JSON[id];
      if (id === 'officeReport' && ok?.content)
        ok.content['text/csv'] = { schema: { type: 'string', description: 'the same rows as CSV (UTF-8 with BOM), for Accept: text/csv' } };
      // The performance reports stream their files for format=csv and format=xlsx.
      if ((id === 'departmentPerformance' || id === 'peoplePerformance') && ok?.content) {
        ok.content['text/csv'] = { schema: { type: 'string', description: 'format=csv: the figures, or with rows=cases every case (UTF-8 with BOM)' } };
        ok.content['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] = {
          schema: { type: 'string', format: 'binary', description: 'format=xlsx: sheets 汇总 (the figures) and 明细 (every case)' },
        };
      }
      for (const [status, links] of Object.entries(LINKS[id] ?? {})) {
        const response = op.responses?.[status];
        if (response) response.links = links;
      }
    }
  }
  return document;
}
