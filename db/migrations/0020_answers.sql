-- Answering faster: quick replies, the knowledge base, case tags, saved views, bulk actions, and the search documents for Chinese text.
CREATE TABLE "article_links" (
	"article_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"linked_by" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "article_links_article_id_work_order_id_pk" PRIMARY KEY("article_id","work_order_id")
);
--> statement-breakpoint
CREATE TABLE "article_versions" (
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" "problem_category",
	"tags" text[] NOT NULL,
	"status" text NOT NULL,
	"changes" text[] NOT NULL,
	"changed_by" text NOT NULL,
	"changed_by_name" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "article_versions_article_id_version_pk" PRIMARY KEY("article_id","version")
);
--> statement-breakpoint
CREATE TABLE "articles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" "problem_category",
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"source_work_order_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	"lex" "tsvector"
);
--> statement-breakpoint
CREATE TABLE "bulk_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"params" jsonb NOT NULL,
	"actor" jsonb NOT NULL,
	"actor_user" text NOT NULL,
	"view_id" uuid,
	"total" integer NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bulk_items" (
	"batch_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"request" jsonb,
	"code" text,
	"message" text,
	"done_at" timestamp with time zone,
	CONSTRAINT "bulk_items_batch_id_work_order_id_pk" PRIMARY KEY("batch_id","work_order_id")
);
--> statement-breakpoint
CREATE TABLE "case_search" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid,
	"number" text NOT NULL,
	"work_order_number" text,
	"mail_number" text NOT NULL,
	"phone" text NOT NULL,
	"org" text NOT NULL,
	"assigned_org" text,
	"created_at" timestamp with time zone NOT NULL,
	"head_text" text DEFAULT '' NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"internal_text" text DEFAULT '' NOT NULL,
	"public_lex" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"all_lex" "tsvector" DEFAULT ''::tsvector NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_tags" (
	"work_order_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_tags_work_order_id_tag_pk" PRIMARY KEY("work_order_id","tag")
);
--> statement-breakpoint
CREATE TABLE "quick_replies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"owner_user" text NOT NULL,
	"owner_name" text,
	"org" text NOT NULL,
	"name" text NOT NULL,
	"text" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"initials" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'approved' NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"reject_reason" text,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quick_reply_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quick_reply_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"owner_user" text NOT NULL,
	"owner_name" text,
	"org" text NOT NULL,
	"scope" text DEFAULT 'personal' NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"columns" text[] NOT NULL,
	"sort" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "article_links" ADD CONSTRAINT "article_links_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_versions" ADD CONSTRAINT "article_versions_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_items" ADD CONSTRAINT "bulk_items_batch_id_bulk_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."bulk_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_reply_attachments" ADD CONSTRAINT "quick_reply_attachments_quick_reply_id_quick_replies_id_fk" FOREIGN KEY ("quick_reply_id") REFERENCES "public"."quick_replies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_links_order_idx" ON "article_links" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "articles_category_idx" ON "articles" USING btree ("category","status");--> statement-breakpoint
CREATE INDEX "articles_lex_idx" ON "articles" USING gin ("lex");--> statement-breakpoint
CREATE INDEX "bulk_batches_actor_idx" ON "bulk_batches" USING btree ("actor_user","created_at");--> statement-breakpoint
CREATE INDEX "bulk_items_pending_idx" ON "bulk_items" USING btree ("batch_id","position") WHERE "bulk_items"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "case_search_public_lex_idx" ON "case_search" USING gin ("public_lex");--> statement-breakpoint
CREATE INDEX "case_search_all_lex_idx" ON "case_search" USING gin ("all_lex");--> statement-breakpoint
CREATE INDEX "case_search_created_idx" ON "case_search" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "case_search_org_created_idx" ON "case_search" USING btree ("org","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "case_search_assigned_created_idx" ON "case_search" USING btree ("assigned_org","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "case_search_work_order_idx" ON "case_search" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "case_search_number_idx" ON "case_search" USING btree ("number");--> statement-breakpoint
CREATE INDEX "case_search_wo_number_idx" ON "case_search" USING btree ("work_order_number");--> statement-breakpoint
CREATE INDEX "case_search_mail_idx" ON "case_search" USING btree ("mail_number");--> statement-breakpoint
CREATE INDEX "case_search_phone_idx" ON "case_search" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "case_tags_tag_idx" ON "case_tags" USING btree ("tag");--> statement-breakpoint
CREATE INDEX "quick_replies_scope_idx" ON "quick_replies" USING btree ("scope","org");--> statement-breakpoint
CREATE INDEX "quick_replies_owner_idx" ON "quick_replies" USING btree ("owner_user");--> statement-breakpoint
CREATE INDEX "quick_reply_attachments_reply_idx" ON "quick_reply_attachments" USING btree ("quick_reply_id");--> statement-breakpoint
CREATE INDEX "saved_views_owner_idx" ON "saved_views" USING btree ("owner_user");--> statement-breakpoint
CREATE INDEX "saved_views_scope_idx" ON "saved_views" USING btree ("scope","org");--> statement-breakpoint
-- ───── Hand-written (not generated from db/schema.ts; keep when regenerating) ─────
-- Search documents for Chinese text. pg_trgm was tried first and does not do: on this server
-- (UTF8, locale C.UTF-8) CJK characters count as letters, so a sentence is one long word of
-- trigrams and 3-character substrings are found through a GIN trigram index, but a LIKE pattern
-- of two characters yields no trigram at all: the planner scans the table, and a forced index scan
-- reads every entry and rechecks every row. So each text becomes lexemes of its own: every
-- overlapping pair of Chinese characters (客户要求 → 客户 户要 要求), every run of Latin letters
-- and digits whole (lower case), and a lone Chinese character as itself. A query is the AND of
-- its own lexemes (a GIN index on the tsvector, with the planner's lexeme statistics), rechecked
-- as a substring of the text.
CREATE FUNCTION search_lexemes(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
DECLARE
  result text[] := '{}';
  m text[];
  run text;
  n int;
BEGIN
  IF t IS NULL OR t = '' THEN RETURN result; END IF;
  FOR m IN SELECT regexp_matches(lower(t), '([\u3400-\u9fff\uf900-\ufaff]+)|([a-z0-9]+)', 'g') LOOP
    IF m[1] IS NOT NULL THEN
      run := m[1];
      n := length(run);
      IF n = 1 THEN
        result := result || run;
      ELSE
        FOR i IN 1 .. n - 1 LOOP
          result := result || substr(run, i, 2);
        END LOOP;
      END IF;
    ELSE
      result := result || m[2];
    END IF;
  END LOOP;
  RETURN result;
END
$f$;
--> statement-breakpoint
CREATE FUNCTION search_vector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
  SELECT array_to_tsvector(search_lexemes(t))
$f$;
--> statement-breakpoint
-- The searchable words of a history entry: a reply's result, appended information, a note, a
-- question, a reason (return, transfer, pause, reactivation, refusal).
CREATE FUNCTION history_search_text(detail jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT concat_ws(E'\n', detail->>'result', detail->>'info', detail->>'note', detail->>'question', detail->>'reason')
$f$;
--> statement-breakpoint
-- A work order's id is its application's with version digit 5 (domain/work-order.ts workOrderIdFor).
CREATE FUNCTION application_id_of(kind case_kind, id uuid) RETURNS uuid LANGUAGE sql IMMUTABLE AS $f$
  SELECT CASE kind WHEN 'application' THEN id WHEN 'workOrder' THEN overlay(id::text PLACING '4' FROM 15 FOR 1)::uuid END
$f$;
--> statement-breakpoint
CREATE FUNCTION case_search_relex(app uuid) RETURNS void LANGUAGE sql AS $f$
  UPDATE case_search SET public_lex = search_vector(head_text || E'\n' || body_text),
                         all_lex = search_vector(head_text || E'\n' || body_text || E'\n' || internal_text)
  WHERE application_id = app
$f$;
--> statement-breakpoint
CREATE FUNCTION case_search_application() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO case_search (application_id, number, mail_number, phone, org, created_at, head_text)
    VALUES (NEW.id, NEW.number, NEW.mail_number, NEW.customer_phone, NEW.org, NEW.created_at, concat_ws(E'\n', NEW.demand, NEW.description))
    ON CONFLICT (application_id) DO NOTHING;
  ELSE
    UPDATE case_search SET head_text = concat_ws(E'\n', NEW.demand, NEW.description), phone = NEW.customer_phone WHERE application_id = NEW.id;
  END IF;
  PERFORM case_search_relex(NEW.id);
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER applications_search_insert AFTER INSERT ON applications FOR EACH ROW EXECUTE FUNCTION case_search_application();
--> statement-breakpoint
CREATE TRIGGER applications_search_update AFTER UPDATE OF demand, description, customer_phone ON applications FOR EACH ROW
  WHEN (OLD.demand IS DISTINCT FROM NEW.demand OR OLD.description IS DISTINCT FROM NEW.description OR OLD.customer_phone IS DISTINCT FROM NEW.customer_phone)
  EXECUTE FUNCTION case_search_application();
--> statement-breakpoint
CREATE FUNCTION case_search_work_order() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  UPDATE case_search SET work_order_id = NEW.id, work_order_number = NEW.number, assigned_org = NEW.assigned_org
  WHERE application_id = NEW.application_id;
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER work_orders_search_insert AFTER INSERT ON work_orders FOR EACH ROW EXECUTE FUNCTION case_search_work_order();
--> statement-breakpoint
CREATE TRIGGER work_orders_search_update AFTER UPDATE OF assigned_org ON work_orders FOR EACH ROW
  WHEN (OLD.assigned_org IS DISTINCT FROM NEW.assigned_org) EXECUTE FUNCTION case_search_work_order();
--> statement-breakpoint
CREATE FUNCTION case_search_history() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
  words text := history_search_text(NEW.detail);
  app uuid := application_id_of(NEW.case_kind, NEW.case_id);
BEGIN
  IF words = '' OR app IS NULL THEN RETURN NULL; END IF;
  IF NEW.visibility = 'department' THEN
    UPDATE case_search SET internal_text = internal_text || E'\n' || words, all_lex = all_lex || search_vector(words) WHERE application_id = app;
  ELSE
    UPDATE case_search SET body_text = body_text || E'\n' || words, public_lex = public_lex || search_vector(words), all_lex = all_lex || search_vector(words)
    WHERE application_id = app;
  END IF;
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER history_search AFTER INSERT ON history FOR EACH ROW EXECUTE FUNCTION case_search_history();
--> statement-breakpoint
CREATE FUNCTION case_search_attachment() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.visibility = 'department' THEN
    UPDATE case_search SET internal_text = internal_text || E'\n' || NEW.name, all_lex = all_lex || search_vector(NEW.name) WHERE application_id = NEW.application_id;
  ELSE
    UPDATE case_search SET body_text = body_text || E'\n' || NEW.name, public_lex = public_lex || search_vector(NEW.name), all_lex = all_lex || search_vector(NEW.name)
    WHERE application_id = NEW.application_id;
  END IF;
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER attachments_search AFTER INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION case_search_attachment();
--> statement-breakpoint
-- Backfill: the documents of the cases recorded before this migration.
INSERT INTO case_search (application_id, work_order_id, number, work_order_number, mail_number, phone, org, assigned_org, created_at, head_text, body_text, internal_text)
SELECT a.id, w.id, a.number, w.number, a.mail_number, a.customer_phone, a.org, w.assigned_org, a.created_at, concat_ws(E'\n', a.demand, a.description),
       concat_ws(E'\n', (SELECT string_agg(history_search_text(h.detail), E'\n' ORDER BY h.id) FROM history h
                         WHERE h.case_id IN (a.id, w.id) AND h.visibility = 'all' AND history_search_text(h.detail) <> ''),
                        (SELECT string_agg(f.name, E'\n') FROM attachments f WHERE f.application_id = a.id AND f.visibility = 'all')),
       concat_ws(E'\n', (SELECT string_agg(history_search_text(h.detail), E'\n' ORDER BY h.id) FROM history h
                         WHERE h.case_id IN (a.id, w.id) AND h.visibility = 'department' AND history_search_text(h.detail) <> ''),
                        (SELECT string_agg(f.name, E'\n') FROM attachments f WHERE f.application_id = a.id AND f.visibility = 'department'))
FROM applications a LEFT JOIN work_orders w ON w.application_id = a.id;
--> statement-breakpoint
UPDATE case_search SET public_lex = search_vector(head_text || E'\n' || body_text), all_lex = search_vector(head_text || E'\n' || body_text || E'\n' || internal_text);
--> statement-breakpoint
-- Articles' lexemes for the suggestions on a case page.
CREATE FUNCTION articles_lex() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  NEW.lex := search_vector(NEW.title || E'\n' || NEW.body || E'\n' || array_to_string(NEW.tags, ' '));
  RETURN NEW;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER articles_lex BEFORE INSERT OR UPDATE OF title, body, tags ON articles FOR EACH ROW EXECUTE FUNCTION articles_lex();
