-- The resolution clock's pause (挂起) and the working time paused in all.
ALTER TABLE "work_orders" ADD COLUMN "pause" jsonb;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "pause_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "paused_ms" bigint DEFAULT 0 NOT NULL;