CREATE TABLE "pending_starts" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
