CREATE TABLE "application_daily_counts" (
	"org" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"reviewed" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"became_orders" integer DEFAULT 0 NOT NULL,
	"open" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "application_daily_counts_day_org_pk" PRIMARY KEY("day","org")
);
--> statement-breakpoint
CREATE TABLE "work_order_daily_counts" (
	"org" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"responded" integer DEFAULT 0 NOT NULL,
	"on_time_responses" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"on_time_resolutions" integer DEFAULT 0 NOT NULL,
	"open" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "work_order_daily_counts_day_org_pk" PRIMARY KEY("day","org")
);
--> statement-breakpoint
CREATE INDEX "work_orders_unfinished_idx" ON "work_orders" USING btree ("created_at","org","responded_at","response_deadline","resolved_at","resolution_deadline") WHERE "work_orders"."responded_at" is null or "work_orders"."resolved_at" is null;--> statement-breakpoint
-- The one definition of what the office report counts for a set of case rows, per office and UTC
-- day. `source` yields case rows with a `sign` column (+1 counted in, -1 counted out); the statement
-- triggers below feed it the rows a statement changed, the report feeds it a period's edge rows.
CREATE FUNCTION application_counts_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT org, date_trunc('day', created_at, 'UTC') AS day,
           sum(sign)::int AS created,
           sum(CASE WHEN review_count > 0 THEN sign ELSE 0 END)::int AS reviewed,
           sum(CASE WHEN return_count > 0 THEN sign ELSE 0 END)::int AS returned,
           sum(CASE WHEN became_order THEN sign ELSE 0 END)::int AS became_orders,
           sum(CASE WHEN status <> 'closed' THEN sign ELSE 0 END)::int AS open,
           sum(CASE WHEN status <> 'closed' AND overdue THEN sign ELSE 0 END)::int AS overdue
    FROM (%s) r GROUP BY 1, 2$q$, source)
$f$;
--> statement-breakpoint
CREATE FUNCTION work_order_counts_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT org, date_trunc('day', created_at, 'UTC') AS day,
           sum(CASE WHEN responded_at IS NOT NULL THEN sign ELSE 0 END)::int AS responded,
           sum(CASE WHEN responded_at <= response_deadline THEN sign ELSE 0 END)::int AS on_time_responses,
           sum(CASE WHEN resolved_at IS NOT NULL THEN sign ELSE 0 END)::int AS resolved,
           sum(CASE WHEN resolved_at <= resolution_deadline THEN sign ELSE 0 END)::int AS on_time_resolutions,
           sum(CASE WHEN status <> 'closed' THEN sign ELSE 0 END)::int AS open,
           sum(CASE WHEN status <> 'closed' AND overdue THEN sign ELSE 0 END)::int AS overdue
    FROM (%s) r GROUP BY 1, 2$q$, source)
$f$;
--> statement-breakpoint
-- The rows a statement changed, as counts-in (new versions) and counts-out (old versions).
CREATE FUNCTION transition_rows(op text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT CASE op
    WHEN 'INSERT' THEN 'SELECT *, 1 AS sign FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS sign FROM old_rows'
    ELSE 'SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 AS sign FROM old_rows'
  END
$f$;
--> statement-breakpoint
-- Adds a statement's deltas to the daily counts. Buckets whose counts did not change are not
-- written (most transitions move no count), and buckets are written in key order (no deadlocks).
CREATE FUNCTION application_daily_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  EXECUTE format($q$
    INSERT INTO application_daily_counts AS c (org, day, created, reviewed, returned, became_orders, open, overdue)
    SELECT * FROM (%s) d
    WHERE (created, reviewed, returned, became_orders, open, overdue) <> (0, 0, 0, 0, 0, 0)
    ORDER BY day, org
    ON CONFLICT (day, org) DO UPDATE SET
      created = c.created + excluded.created, reviewed = c.reviewed + excluded.reviewed,
      returned = c.returned + excluded.returned, became_orders = c.became_orders + excluded.became_orders,
      open = c.open + excluded.open, overdue = c.overdue + excluded.overdue$q$,
    application_counts_sql(transition_rows(TG_OP)));
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE FUNCTION work_order_daily_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  EXECUTE format($q$
    INSERT INTO work_order_daily_counts AS c (org, day, responded, on_time_responses, resolved, on_time_resolutions, open, overdue)
    SELECT * FROM (%s) d
    WHERE (responded, on_time_responses, resolved, on_time_resolutions, open, overdue) <> (0, 0, 0, 0, 0, 0)
    ORDER BY day, org
    ON CONFLICT (day, org) DO UPDATE SET
      responded = c.responded + excluded.responded, on_time_responses = c.on_time_responses + excluded.on_time_responses,
      resolved = c.resolved + excluded.resolved, on_time_resolutions = c.on_time_resolutions + excluded.on_time_resolutions,
      open = c.open + excluded.open, overdue = c.overdue + excluded.overdue$q$,
    work_order_counts_sql(transition_rows(TG_OP)));
  RETURN NULL;
END
$f$;
--> statement-breakpoint
-- The same counts straight from the rows created in [from_at, to_at): a report period's partial days.
CREATE FUNCTION application_counts_between(from_at timestamptz, to_at timestamptz) RETURNS SETOF application_daily_counts
LANGUAGE plpgsql STABLE AS $f$
BEGIN
  RETURN QUERY EXECUTE application_counts_sql('SELECT *, 1 AS sign FROM applications WHERE created_at >= $1 AND created_at < $2') USING from_at, to_at;
END
$f$;
--> statement-breakpoint
CREATE FUNCTION work_order_counts_between(from_at timestamptz, to_at timestamptz) RETURNS SETOF work_order_daily_counts
LANGUAGE plpgsql STABLE AS $f$
BEGIN
  RETURN QUERY EXECUTE work_order_counts_sql('SELECT *, 1 AS sign FROM work_orders WHERE created_at >= $1 AND created_at < $2') USING from_at, to_at;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER application_daily_counts_insert AFTER INSERT ON applications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION application_daily_counts_apply();
--> statement-breakpoint
CREATE TRIGGER application_daily_counts_update AFTER UPDATE ON applications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION application_daily_counts_apply();
--> statement-breakpoint
CREATE TRIGGER application_daily_counts_delete AFTER DELETE ON applications REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION application_daily_counts_apply();
--> statement-breakpoint
CREATE TRIGGER work_order_daily_counts_insert AFTER INSERT ON work_orders REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION work_order_daily_counts_apply();
--> statement-breakpoint
CREATE TRIGGER work_order_daily_counts_update AFTER UPDATE ON work_orders REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION work_order_daily_counts_apply();
--> statement-breakpoint
CREATE TRIGGER work_order_daily_counts_delete AFTER DELETE ON work_orders REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION work_order_daily_counts_apply();
--> statement-breakpoint
-- Counts for the rows that exist already; the triggers (created above, in this transaction) hold
-- writers back until it commits, so nothing is counted twice or missed.
INSERT INTO application_daily_counts SELECT * FROM application_counts_between('-infinity', 'infinity');
--> statement-breakpoint
INSERT INTO work_order_daily_counts SELECT * FROM work_order_counts_between('-infinity', 'infinity');
