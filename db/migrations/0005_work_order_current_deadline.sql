-- Backfill: the deadline that applies now, as domain/work-order.ts currentDeadline defines it at this version.
ALTER TABLE "work_orders" ADD COLUMN "current_deadline" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "work_orders_assigned_deadline_idx" ON "work_orders" USING btree ("assigned_org","current_deadline","id") WHERE "work_orders"."current_deadline" is not null;--> statement-breakpoint
UPDATE "work_orders" SET "current_deadline" = CASE WHEN "status" = 'closed' THEN NULL WHEN "responded_at" IS NULL THEN "response_deadline" ELSE "resolution_deadline" END;
