-- Striped daily counts: every work-order transition of an office's day updated one counter row, so
-- concurrent transitions of different cases waited on each other's commits (pg_stat_statements in
-- `npm run bench -- --pg-statements`: 8.8 ms mean per counter write, most of it lock waits). Each
-- office's day is now split over 16 slots by case id; existing rows become slot 0; the report sums.
ALTER TABLE "application_daily_counts" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_order_daily_counts" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "application_daily_counts" DROP CONSTRAINT "application_daily_counts_day_org_pk";--> statement-breakpoint
ALTER TABLE "work_order_daily_counts" DROP CONSTRAINT "work_order_daily_counts_day_org_pk";--> statement-breakpoint
ALTER TABLE "application_daily_counts" ADD CONSTRAINT "application_daily_counts_day_org_slot_pk" PRIMARY KEY("day","org","slot");--> statement-breakpoint
ALTER TABLE "work_order_daily_counts" ADD CONSTRAINT "work_order_daily_counts_day_org_slot_pk" PRIMARY KEY("day","org","slot");--> statement-breakpoint
-- The count definitions now yield the slot as their last column (the tables' column order).
CREATE OR REPLACE FUNCTION application_counts_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT org, date_trunc('day', created_at, 'UTC') AS day,
           sum(sign)::int AS created,
           sum(CASE WHEN review_count > 0 THEN sign ELSE 0 END)::int AS reviewed,
           sum(CASE WHEN return_count > 0 THEN sign ELSE 0 END)::int AS returned,
           sum(CASE WHEN became_order THEN sign ELSE 0 END)::int AS became_orders,
           sum(CASE WHEN status <> 'closed' THEN sign ELSE 0 END)::int AS open,
           sum(CASE WHEN status <> 'closed' AND overdue THEN sign ELSE 0 END)::int AS overdue,
           (hashtext(id::text) & 15)::smallint AS slot
    FROM (%s) r GROUP BY 1, 2, 9$q$, source)
$f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION work_order_counts_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT org, date_trunc('day', created_at, 'UTC') AS day,
           sum(CASE WHEN responded_at IS NOT NULL THEN sign ELSE 0 END)::int AS responded,
           sum(CASE WHEN responded_at <= response_deadline THEN sign ELSE 0 END)::int AS on_time_responses,
           sum(CASE WHEN resolved_at IS NOT NULL THEN sign ELSE 0 END)::int AS resolved,
           sum(CASE WHEN resolved_at <= resolution_deadline THEN sign ELSE 0 END)::int AS on_time_resolutions,
           sum(CASE WHEN status <> 'closed' THEN sign ELSE 0 END)::int AS open,
           sum(CASE WHEN status <> 'closed' AND overdue THEN sign ELSE 0 END)::int AS overdue,
           (hashtext(id::text) & 15)::smallint AS slot
    FROM (%s) r GROUP BY 1, 2, 9$q$, source)
$f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION application_daily_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  EXECUTE format($q$
    INSERT INTO application_daily_counts AS c (org, day, created, reviewed, returned, became_orders, open, overdue, slot)
    SELECT * FROM (%s) d
    WHERE (created, reviewed, returned, became_orders, open, overdue) <> (0, 0, 0, 0, 0, 0)
    ORDER BY day, org, slot
    ON CONFLICT (day, org, slot) DO UPDATE SET
      created = c.created + excluded.created, reviewed = c.reviewed + excluded.reviewed,
      returned = c.returned + excluded.returned, became_orders = c.became_orders + excluded.became_orders,
      open = c.open + excluded.open, overdue = c.overdue + excluded.overdue$q$,
    application_counts_sql(transition_rows(TG_OP)));
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION work_order_daily_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  EXECUTE format($q$
    INSERT INTO work_order_daily_counts AS c (org, day, responded, on_time_responses, resolved, on_time_resolutions, open, overdue, slot)
    SELECT * FROM (%s) d
    WHERE (responded, on_time_responses, resolved, on_time_resolutions, open, overdue) <> (0, 0, 0, 0, 0, 0)
    ORDER BY day, org, slot
    ON CONFLICT (day, org, slot) DO UPDATE SET
      responded = c.responded + excluded.responded, on_time_responses = c.on_time_responses + excluded.on_time_responses,
      resolved = c.resolved + excluded.resolved, on_time_resolutions = c.on_time_resolutions + excluded.on_time_resolutions,
      open = c.open + excluded.open, overdue = c.overdue + excluded.overdue$q$,
    work_order_counts_sql(transition_rows(TG_OP)));
  RETURN NULL;
END
$f$;
