-- Notices that reach a person: inboxes, preferences, webhook subscriptions, email and webhook copies for the relay.
CREATE TABLE "notice_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"outbox_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"event" text NOT NULL,
	"user_id" text,
	"subscription_id" uuid,
	"queue" text NOT NULL,
	"payload" jsonb NOT NULL,
	"address" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"give_up_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"last_status" integer,
	"last_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notice_preferences" (
	"user_id" text NOT NULL,
	"event" text NOT NULL,
	"inbox" boolean NOT NULL,
	"email" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_preferences_user_id_event_pk" PRIMARY KEY("user_id","event")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"for_user" text,
	"outbox_id" uuid NOT NULL,
	"event" text NOT NULL,
	"case_kind" "case_kind" NOT NULL,
	"case_id" uuid NOT NULL,
	"link_kind" text,
	"link_id" uuid,
	"case_number" text,
	"body" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"collapse_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" text[] NOT NULL,
	"format" text DEFAULT 'json' NOT NULL,
	"org" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "event" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "notice_deliveries" ADD CONSTRAINT "notice_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_preferences" ADD CONSTRAINT "notice_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_org_organisations_code_fk" FOREIGN KEY ("org") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_deliveries_due_idx" ON "notice_deliveries" USING btree ("queue","next_attempt_at") WHERE "notice_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notice_deliveries_subscription_idx" ON "notice_deliveries" USING btree ("subscription_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notice_deliveries_outbox_idx" ON "notice_deliveries" USING btree ("outbox_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notices_collapse_key" ON "notices" USING btree ("user_id","collapse_key");--> statement-breakpoint
CREATE INDEX "notices_inbox_idx" ON "notices" USING btree ("user_id",("read_at" is not null),"last_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- Hand-written (not generated from db/schema.ts; keep at the end when renumbering): a person's inbox
-- changing tells the change feed (channel bpm_changes, as migration 0007's case rows do) once per
-- statement per person, so the console's bell counts live. Payload: {kind: 'notice', userId}.
CREATE FUNCTION notify_notice_change() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
  who text;
BEGIN
  FOR who IN SELECT DISTINCT user_id FROM changed_notices LOOP
    PERFORM pg_notify('bpm_changes', json_build_object('kind', 'notice', 'userId', who)::text);
  END LOOP;
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER notices_notify_insert AFTER INSERT ON notices REFERENCING NEW TABLE AS changed_notices FOR EACH STATEMENT EXECUTE FUNCTION notify_notice_change();
--> statement-breakpoint
CREATE TRIGGER notices_notify_update AFTER UPDATE ON notices REFERENCING NEW TABLE AS changed_notices FOR EACH STATEMENT EXECUTE FUNCTION notify_notice_change();
