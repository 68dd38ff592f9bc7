-- Starts owed before this column existed were owed on the configured queue.
ALTER TABLE "pending_starts" ADD COLUMN "task_queue" text NOT NULL DEFAULT 'postal-bpm';--> statement-breakpoint
ALTER TABLE "pending_starts" ALTER COLUMN "task_queue" DROP DEFAULT;