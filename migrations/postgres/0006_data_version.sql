CREATE TABLE "data_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "data_version_one_row" CHECK ("data_version"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "data_version" ("id", "version") VALUES (1, 1);
--> statement-breakpoint
-- Moved once per transaction, at its commit: every table an answer is read from queues one
-- deferred event per transaction (the WHEN below, evaluated as each row changes, is true for the
-- first row only), and that event's function moves the version as the transaction commits. At
-- commit, so that the lock on the one row is taken when the transaction takes no other lock: a
-- writer holding it never waits for another writer's rows, and no deadlock can go through it.
-- In the same transaction as the data, so that a reader sees the new version with the new data.
CREATE FUNCTION public.data_version_first_change() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('scholargraph.data_version_queued', true) = 'on' THEN
    RETURN false;
  END IF;
  PERFORM set_config('scholargraph.data_version_queued', 'on', true);
  RETURN true;
END
$$;
--> statement-breakpoint
CREATE FUNCTION public.move_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "papers_data_version" AFTER INSERT OR UPDATE OR DELETE ON "papers" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public.data_version_first_change()) EXECUTE FUNCTION public.move_data_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "authors_data_version" AFTER INSERT OR UPDATE OR DELETE ON "authors" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public.data_version_first_change()) EXECUTE FUNCTION public.move_data_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "authorships_data_version" AFTER INSERT OR UPDATE OR DELETE ON "authorships" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public.data_version_first_change()) EXECUTE FUNCTION public.move_data_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "author_metrics_data_version" AFTER INSERT OR UPDATE OR DELETE ON "author_metrics" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public.data_version_first_change()) EXECUTE FUNCTION public.move_data_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "author_aliases_data_version" AFTER INSERT OR UPDATE OR DELETE ON "author_aliases" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public.data_version_first_change()) EXECUTE FUNCTION public.move_data_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "author_redirects_data_version" AFTER INSERT OR UPDATE OR DELETE ON "author_redirects" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public.data_version_first_change()) EXECUTE FUNCTION public.move_data_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "openalex_topics_data_version" AFTER INSERT OR UPDATE OR DELETE ON "openalex_topics" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public.data_version_first_change()) EXECUTE FUNCTION public.move_data_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "paper_novelty_data_version" AFTER INSERT OR UPDATE OR DELETE ON "paper_novelty" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public.data_version_first_change()) EXECUTE FUNCTION public.move_data_version();
