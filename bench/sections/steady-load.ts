// Open-loop load: `rate` requests a second for `seconds`, alternating creates and reviews
// (approvals of applications created at least a second earlier). Latency is measured per request
// from send to answer; the schedule does not wait for answers, so a slow server is not hidden.
import pg from 'pg';
import { driverTokens } from '../../harness/lifecycle-driver.js';
import { summarize, timedFetch } from '../http.js';

export async function runSteadyLoad(o: { url: string; secret: string; databaseUrl: string; rate: number; seconds: number }) {
  const t = driverTokens(o.secret);
  const total = o.rate * o.seconds;
  const prefix = `SL${Date.now().toString(36).toUpperCase()}`;
  await bulkMailItems(o.databaseUrl, prefix, total);
  const created: { id: string; at: number }[] = [];
  const latency = { create: [] as number[], review: [] as number[] };
  const errors: string[] = [];
  let creates = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const ready = created.length && performance.now() - created[0]!.at > 1000;
    if (i % 2 === 1 && ready) {
      const app = created.shift()!;
      inFlight.push(
        timedFetch(`${o.url}/v1/applications/${app.id}/review`, t.reviewer, { method: 'POST', body: { decision: 'approve' }, key: `sl-${app.id}` }).then(
          (r) => {
            if (r.status === 200) latency.review.push(r.ms);
            else errors.push(`review ${r.status} ${errorCode(r.body)}`);
          },
        ),
      );
    } else {
      const mailNumber = `${prefix}${String(creates++).padStart(8, '0')}`;
      inFlight.push(
        timedFetch(`${o.url}/v1/applications`, t.office, {
          method: 'POST',
          key: `sl-${mailNumber}`,
          body: {
            mailNumber,
            businessType: 'express_parcel',
            problemCategory: 'delay',
            demand: '客户要求尽快投递',
            customer: { name: '张三', phone: '13900000000' },
          },
        }).then((r) => {
          if (r.status === 201) {
            latency.create.push(r.ms);
            created.push({ id: (r.body as { id: string }).id, at: performance.now() });
          } else errors.push(`create ${r.status} ${errorCode(r.body)}`);
        }),
      );
    }
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  return {
    rate: o.rate,
    seconds: Math.round(seconds),
    requests: latency.create.length + latency.review.length,
    errors: errors.length,
    errorKinds: [...new Set(errors)].slice(0, 5),
    createMs: summarize(latency.create),
    reviewMs: summarize(latency.review),
  };
}

/** The code of the service's error answer, or '' for any other answer. */
function errorCode(body: unknown): string {
  return (body as { error?: { code?: string } } | null)?.error?.code ?? '';
}

/** Registers `count` mail items collected by jinan straight in Postgres (set-up, not measured). */
export async function bulkMailItems(databaseUrl: string, prefix: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into mail_items (mail_number, collecting_org, business_type, accepted_at, external_dispatches)
       select $1 || lpad(g::text, 8, '0'), 'jinan', 'express_parcel', now() - interval '1 day', '[]'::jsonb from generate_series(0, $2 - 1) g
       on conflict do nothing`,
      [prefix, count],
    );
  } finally {
    await client.end();
  }
}
