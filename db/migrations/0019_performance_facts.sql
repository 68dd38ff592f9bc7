-- The performance reports' facts and their daily counts; notices and outbox rows about no case (the monthly report).
CREATE TYPE "public"."performance_fact_kind" AS ENUM('department', 'person', 'response', 'response_missed', 'resolution', 'resolution_missed', 'closure', 'transfer', 'refusal', 'return', 'urge', 'escalation');--> statement-breakpoint
CREATE TYPE "public"."performance_via" AS ENUM('dispatch', 'redispatch', 'transfer', 'reactivation', 'refused_back', 'claimed', 'assigned', 'auto_assigned', 'taken');--> statement-breakpoint
CREATE TABLE "performance_daily" (
	"day" timestamp with time zone NOT NULL,
	"org" text NOT NULL,
	"person" text,
	"kind" "performance_fact_kind" NOT NULL,
	"on_time" boolean,
	"reopened" boolean,
	"satisfaction" smallint,
	"level" smallint,
	"via" "performance_via",
	"n" integer NOT NULL,
	CONSTRAINT "performance_daily_class" UNIQUE NULLS NOT DISTINCT("day","org","person","kind","on_time","reopened","satisfaction","level","via")
);
--> statement-breakpoint
CREATE TABLE "performance_facts" (
	"work_order_id" uuid NOT NULL,
	"n" smallint NOT NULL,
	"kind" "performance_fact_kind" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"until" timestamp with time zone,
	"org" text NOT NULL,
	"person" text,
	"category" "problem_category" NOT NULL,
	"cycle" smallint NOT NULL,
	"minutes" integer,
	"person_minutes" integer,
	"on_time" boolean,
	"level" smallint,
	"satisfaction" smallint,
	"reopened" boolean,
	"via" "performance_via",
	CONSTRAINT "performance_facts_work_order_id_n_pk" PRIMARY KEY("work_order_id","n")
);
--> statement-breakpoint
ALTER TABLE "notices" ALTER COLUMN "case_kind" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notices" ALTER COLUMN "case_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "case_kind" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "case_id" DROP NOT NULL;--> statement-breakpoint
-- ---- Hand-written (keep when regenerating from schema.ts) ----------------------------------------
-- A period's counts add up performance_daily's whole UTC days and read the partial days at its edges
-- from the facts; its percentiles read one kind of fact (responses, replies, closures) over the
-- period: both through this index alone (index-only scans: every column the figures read is in it).
-- "Open at the end" reads the department and person spans covering the period's end through the
-- GiST index on the span (open spans have no `until`: an unbounded range). The facts of orders
-- recorded before this migration are made by `npm run performance -- rebuild` (business minutes
-- need the calendars: not SQL); the triggers below count them into performance_daily as they come.
CREATE INDEX "performance_facts_kind_at_idx" ON "performance_facts" ("kind", "at")
  INCLUDE ("org", "person", "category", "minutes", "person_minutes", "on_time", "level", "satisfaction", "reopened", "via");
--> statement-breakpoint
CREATE INDEX "performance_facts_open_idx" ON "performance_facts" USING gist (tstzrange("at", "until", '()'))
  WHERE "kind" IN ('department', 'person');
--> statement-breakpoint
-- The one definition of a fact's daily class, for a set of fact rows with a `sign` column (+1 in,
-- -1 out; transition_rows of migration 0003 gives a statement's). A fact changed in place (its
-- span's end, its satisfaction) moves between classes in one UPDATE; one whose class stays the same
-- writes nothing (zero deltas are dropped), so most transitions touch no daily row at all.
CREATE FUNCTION performance_daily_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT date_trunc('day', at, 'UTC') AS day, org, person, kind, on_time, reopened, satisfaction, level, via, sum(sign)::int AS n
    FROM (%s) r GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9$q$, source)
$f$;
--> statement-breakpoint
CREATE FUNCTION performance_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  EXECUTE format($q$
    INSERT INTO performance_daily AS c (day, org, person, kind, on_time, reopened, satisfaction, level, via, n)
    SELECT * FROM (%s) d WHERE n <> 0
    ORDER BY day, org, person, kind, on_time, reopened, satisfaction, level, via
    ON CONFLICT ON CONSTRAINT performance_daily_class DO UPDATE SET n = c.n + excluded.n$q$,
    performance_daily_sql(transition_rows(TG_OP)));
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER performance_daily_insert AFTER INSERT ON performance_facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION performance_daily_apply();
--> statement-breakpoint
CREATE TRIGGER performance_daily_update AFTER UPDATE ON performance_facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION performance_daily_apply();
--> statement-breakpoint
CREATE TRIGGER performance_daily_delete AFTER DELETE ON performance_facts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION performance_daily_apply();
--> statement-breakpoint
-- The daily counts straight from the facts of [from_at, to_at): a period's edges, and the check.
CREATE FUNCTION performance_daily_between(from_at timestamptz, to_at timestamptz) RETURNS SETOF performance_daily
LANGUAGE plpgsql STABLE AS $f$
BEGIN
  RETURN QUERY EXECUTE performance_daily_sql('SELECT *, 1 AS sign FROM performance_facts WHERE at >= $1 AND at < $2') USING from_at, to_at;
END
$f$;
