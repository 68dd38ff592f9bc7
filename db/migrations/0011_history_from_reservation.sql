-- The 'created' entry is written with the API's reservation, in the creation transaction, outside
-- any workflow run: its run_id is null (the workflow records from the next seq on).
ALTER TABLE "history" ALTER COLUMN "run_id" DROP NOT NULL;
