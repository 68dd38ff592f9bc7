CREATE TYPE "public"."application_status" AS ENUM('submitted', 'returned', 'closed');--> statement-breakpoint
CREATE TYPE "public"."business_type" AS ENUM('domestic_standard', 'express_parcel', 'intl_export_ems', 'intl_export_parcel_domestic');--> statement-breakpoint
CREATE TYPE "public"."case_kind" AS ENUM('application', 'workOrder', 'escalation');--> statement-breakpoint
CREATE TYPE "public"."complexity" AS ENUM('simple', 'complex');--> statement-breakpoint
CREATE TYPE "public"."escalation_status" AS ENUM('open', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."org_kind" AS ENUM('office', 'provincial', 'department');--> statement-breakpoint
CREATE TYPE "public"."problem_category" AS ENUM('loss', 'damage', 'shortage', 'delay', 'misrouted', 'returned_item', 'forwarded_item', 'collection_quality', 'delivery_service', 'out_of_area', 'compensation');--> statement-breakpoint
CREATE TYPE "public"."subject_type" AS ENUM('application', 'workOrder');--> statement-breakpoint
CREATE TYPE "public"."work_order_status" AS ENUM('dispatched', 'accepted', 'replied', 'closed');--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"workflow_id" text NOT NULL,
	"mail_number" text NOT NULL,
	"org" text NOT NULL,
	"created_by" text NOT NULL,
	"business_type" "business_type" NOT NULL,
	"problem_category" "problem_category" NOT NULL,
	"complexity" "complexity" DEFAULT 'simple' NOT NULL,
	"demand" text NOT NULL,
	"customer_name" text NOT NULL,
	"customer_phone" text NOT NULL,
	"description" text,
	"international" jsonb,
	"status" "application_status" NOT NULL,
	"became_order" boolean,
	"work_order_id" uuid,
	"work_order_number" text,
	"return_reason" text,
	"review_deadline" timestamp with time zone,
	"action_deadline" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"review_count" integer DEFAULT 0 NOT NULL,
	"return_count" integer DEFAULT 0 NOT NULL,
	"first_reviewed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"run_id" text,
	"seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "applications_number_unique" UNIQUE("number"),
	CONSTRAINT "applications_workflow_id_unique" UNIQUE("workflow_id")
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"scope" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"subject_type" "subject_type" NOT NULL,
	"subject_id" uuid NOT NULL,
	"org" text NOT NULL,
	"reason" text NOT NULL,
	"level" integer NOT NULL,
	"level_name" text NOT NULL,
	"level_deadline" timestamp with time zone,
	"status" "escalation_status" NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"run_id" text,
	"seq" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_kind" "case_kind" NOT NULL,
	"case_id" uuid NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user" text NOT NULL,
	"actor_org" text NOT NULL,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_principal_key_pk" PRIMARY KEY("principal","key")
);
--> statement-breakpoint
CREATE TABLE "mail_items" (
	"mail_number" text PRIMARY KEY NOT NULL,
	"collecting_org" text NOT NULL,
	"business_type" "business_type" NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"destination_country" text,
	"external_dispatches" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "org_kind" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"channel" text NOT NULL,
	"recipient_user" text,
	"recipient_org" text,
	"recipient_role" text,
	"recipient_phone" text,
	"body" text NOT NULL,
	"case_kind" "case_kind" NOT NULL,
	"case_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"org" text NOT NULL,
	"role" text NOT NULL,
	"name" text,
	"phone" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"workflow_id" text NOT NULL,
	"application_id" uuid NOT NULL,
	"mail_number" text NOT NULL,
	"org" text NOT NULL,
	"assigned_org" text NOT NULL,
	"problem_category" "problem_category" NOT NULL,
	"complexity" "complexity" NOT NULL,
	"status" "work_order_status" NOT NULL,
	"response_deadline" timestamp with time zone NOT NULL,
	"resolution_deadline" timestamp with time zone NOT NULL,
	"promise_deadline" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"result" text,
	"customer_accepted" boolean,
	"meets_standard" boolean,
	"satisfaction" smallint,
	"urge_count" integer DEFAULT 0 NOT NULL,
	"reactivation_count" integer DEFAULT 0 NOT NULL,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"reactivatable_until" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"run_id" text,
	"seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "work_orders_number_unique" UNIQUE("number"),
	CONSTRAINT "work_orders_workflow_id_unique" UNIQUE("workflow_id"),
	CONSTRAINT "work_orders_application_id_unique" UNIQUE("application_id")
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_mail_number_mail_items_mail_number_fk" FOREIGN KEY ("mail_number") REFERENCES "public"."mail_items"("mail_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_org_organisations_code_fk" FOREIGN KEY ("org") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_items" ADD CONSTRAINT "mail_items_collecting_org_organisations_code_fk" FOREIGN KEY ("collecting_org") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_organisations_code_fk" FOREIGN KEY ("org") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_org_organisations_code_fk" FOREIGN KEY ("org") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_assigned_org_organisations_code_fk" FOREIGN KEY ("assigned_org") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_org_created_idx" ON "applications" USING btree ("org","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "applications_created_idx" ON "applications" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "applications_mail_number_idx" ON "applications" USING btree ("mail_number");--> statement-breakpoint
CREATE INDEX "applications_status_created_idx" ON "applications" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attachments_application_idx" ON "attachments" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalations_one_open_per_subject" ON "escalations" USING btree ("subject_type","subject_id") WHERE "escalations"."status" = 'open';--> statement-breakpoint
CREATE INDEX "escalations_status_level_idx" ON "escalations" USING btree ("status","level");--> statement-breakpoint
CREATE INDEX "escalations_org_idx" ON "escalations" USING btree ("org","opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "history_run_seq" ON "history" USING btree ("workflow_id","run_id","seq");--> statement-breakpoint
CREATE INDEX "history_case_idx" ON "history" USING btree ("case_id","at","id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("created_at") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "work_orders_org_created_idx" ON "work_orders" USING btree ("org","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "work_orders_assigned_created_idx" ON "work_orders" USING btree ("assigned_org","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "work_orders_created_idx" ON "work_orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "work_orders_mail_number_idx" ON "work_orders" USING btree ("mail_number");