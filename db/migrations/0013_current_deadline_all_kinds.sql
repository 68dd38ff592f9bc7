-- Every case kind stores the deadline that applies now and its clock (domain/*.ts currentDeadline).
CREATE TYPE "public"."clock" AS ENUM('review', 'action', 'response', 'resolution', 'level');--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "current_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "current_clock" "clock";--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "current_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "current_clock" "clock";--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "current_clock" "clock";--> statement-breakpoint
CREATE INDEX "applications_current_deadline_idx" ON "applications" USING btree ("current_deadline") WHERE "applications"."current_deadline" is not null;--> statement-breakpoint
CREATE INDEX "escalations_current_deadline_idx" ON "escalations" USING btree ("current_deadline") WHERE "escalations"."current_deadline" is not null;--> statement-breakpoint
-- Backfill as currentDeadline defines it at this version. Escalations: the row does not hold the ladder it
-- started with, so a top-level escalation takes its level deadline until its next transition or a reconcile.
UPDATE "applications" SET "current_clock" = CASE "status" WHEN 'submitted' THEN 'review'::clock WHEN 'returned' THEN 'action'::clock END,
  "current_deadline" = CASE "status" WHEN 'submitted' THEN "review_deadline" WHEN 'returned' THEN "action_deadline" END;--> statement-breakpoint
UPDATE "work_orders" SET "current_clock" = CASE "status" WHEN 'dispatched' THEN 'response'::clock WHEN 'accepted' THEN 'resolution'::clock END,
  "current_deadline" = CASE "status" WHEN 'dispatched' THEN "response_deadline" WHEN 'accepted' THEN "resolution_deadline" END;--> statement-breakpoint
UPDATE "escalations" SET "current_clock" = CASE WHEN "status" = 'open' AND "acknowledged_at" IS NULL THEN 'level'::clock END,
  "current_deadline" = CASE WHEN "status" = 'open' AND "acknowledged_at" IS NULL THEN "level_deadline" END;
