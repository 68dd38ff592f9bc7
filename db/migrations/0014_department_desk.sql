-- The department desk: assignees, transfers, returns to the reviewer, leave, internal notes; every clock's start.
ALTER TYPE "public"."work_order_status" ADD VALUE 'misrouted';--> statement-breakpoint
CREATE TABLE "absences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"substitute_id" text,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assignment_decisions" (
	"key" text PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"org" text NOT NULL,
	"user_id" text,
	"name" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "desk_pointers" (
	"org" text PRIMARY KEY NOT NULL,
	"last_given" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "current_clock_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "visibility" text DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "uploaded_by" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "current_clock_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "history" ADD COLUMN "visibility" text DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "lead" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "current_clock_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "assignee" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "assignee_name" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "claim_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "auto_assign" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "transfer_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "pending_transfer" jsonb;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "holds" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "misroute_reason" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "open_question" jsonb;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_substitute_id_users_id_fk" FOREIGN KEY ("substitute_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "absences_user_idx" ON "absences" USING btree ("user_id","ends_at");--> statement-breakpoint
CREATE INDEX "assignment_decisions_user_idx" ON "assignment_decisions" USING btree ("user_id","decided_at");--> statement-breakpoint
CREATE INDEX "work_orders_assignee_idx" ON "work_orders" USING btree ("assignee","current_deadline") WHERE "work_orders"."assignee" is not null;--> statement-breakpoint
-- Backfill as the domain defines them at this version: the clock's start, and each order's one department so far.
UPDATE "applications" SET "current_clock_started_at" = CASE WHEN "current_deadline" IS NOT NULL THEN "updated_at" END;--> statement-breakpoint
UPDATE "escalations" SET "current_clock_started_at" = CASE WHEN "current_deadline" IS NOT NULL THEN "updated_at" END;--> statement-breakpoint
UPDATE "work_orders" SET "dispatched_at" = "created_at",
  "current_clock_started_at" = CASE WHEN "current_deadline" IS NOT NULL THEN "created_at" END,
  "holds" = jsonb_build_array(jsonb_build_object('org', "assigned_org", 'from', to_jsonb("created_at"), 'to', to_jsonb("closed_at")));
