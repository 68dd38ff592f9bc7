CREATE TABLE "activity_failures" (
	"workflow_id" text NOT NULL,
	"activity_id" text NOT NULL,
	"run_id" text NOT NULL,
	"activity_type" text NOT NULL,
	"attempt" integer NOT NULL,
	"last_failure" text NOT NULL,
	"failed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "activity_failures_workflow_id_activity_id_pk" PRIMARY KEY("workflow_id","activity_id")
);
--> statement-breakpoint
CREATE TABLE "ops_batch_items" (
	"batch_id" uuid NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"new_run_id" text,
	"error" text,
	"done_at" timestamp with time zone,
	CONSTRAINT "ops_batch_items_batch_id_workflow_id_pk" PRIMARY KEY("batch_id","workflow_id")
);
--> statement-breakpoint
CREATE TABLE "ops_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"query" text NOT NULL,
	"target" text NOT NULL,
	"reason" text NOT NULL,
	"actor_user" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"list_token" text,
	"listed_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "ops_batch_items" ADD CONSTRAINT "ops_batch_items_batch_id_ops_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."ops_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ops_batch_items_pending" ON "ops_batch_items" USING btree ("batch_id") WHERE "ops_batch_items"."state" = 'pending';