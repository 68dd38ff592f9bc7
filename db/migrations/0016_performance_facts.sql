CREATE TYPE "public"."performance_fact_kind" AS ENUM('department', 'person', 'response', 'response_missed', 'resolution', 'resolution_missed', 'closure', 'transfer', 'refusal', 'return', 'urge', 'escalation');--> statement-breakpoint
CREATE TYPE "public"."performance_via" AS ENUM('dispatch', 'redispatch', 'transfer', 'reactivation', 'refused_back', 'claimed', 'assigned', 'auto_assigned', 'taken');--> statement-breakpoint
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
ALTER TABLE "outbox" ALTER COLUMN "case_kind" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "case_id" DROP NOT NULL;--> statement-breakpoint
-- ---- Hand-written (keep when regenerating from schema.ts) ----------------------------------------
-- A period's figures read the facts whose `at` falls in it from this index alone (an index-only
-- scan: every column the figures use is in it), whatever their kind; "open at the end" reads the
-- department and person spans covering the period's end through the GiST index on the span (open
-- spans have no `until`: an unbounded range). The facts of orders recorded before this migration
-- are made by `npm run performance -- rebuild` (business minutes need the calendars: not SQL).
CREATE INDEX "performance_facts_period_idx" ON "performance_facts" ("at")
  INCLUDE ("kind", "org", "person", "category", "minutes", "person_minutes", "on_time", "level", "satisfaction", "reopened", "via");
--> statement-breakpoint
CREATE INDEX "performance_facts_open_idx" ON "performance_facts" USING gist (tstzrange("at", "until", '()'))
  WHERE "kind" IN ('department', 'person');
