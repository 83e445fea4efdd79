CREATE TABLE "message_counts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"inbound" integer DEFAULT 0 NOT NULL,
	"outbound" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ticket_day_stats" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"timezone" text NOT NULL,
	"day" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"totals" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_day_stats" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_response_by" uuid;--> statement-breakpoint
ALTER TABLE "message_counts" ADD CONSTRAINT "message_counts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_day_stats" ADD CONSTRAINT "ticket_day_stats_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "message_counts_slot_key" ON "message_counts" USING btree ("tenant_id","slot");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_day_stats_day_key" ON "ticket_day_stats" USING btree ("tenant_id","timezone","day");--> statement-breakpoint
CREATE INDEX "ticket_day_stats_ends_idx" ON "ticket_day_stats" USING btree ("tenant_id","ends_at");--> statement-breakpoint
CREATE INDEX "tickets_tenant_opened_idx" ON "tickets" USING btree ("tenant_id","opened_at","first_response_at","first_response_by");--> statement-breakpoint
CREATE INDEX "tickets_tenant_resolved_idx" ON "tickets" USING btree ("tenant_id","resolved_at","outcome","assignee_id") WHERE resolved_at is not null;--> statement-breakpoint
CREATE POLICY "message_counts_tenant_isolation" ON "message_counts" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "ticket_day_stats_tenant_isolation" ON "ticket_day_stats" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Backfill: a ticket's first response is its earliest outbound message from a person or the assistant
-- (not away messages, automations or API keys, which are sender type bot; not reactions).
UPDATE "tickets" t SET "first_response_at" = f.created_at, "first_response_by" = f.sender_user_id
  FROM (
    SELECT DISTINCT ON (m.ticket_id) m.ticket_id, m.created_at, m.sender_user_id
      FROM "messages" m
     WHERE m.ticket_id IS NOT NULL AND m.direction = 'outbound' AND m.sender_type IN ('agent', 'ai')
       AND m.type <> 'reaction'
     ORDER BY m.ticket_id, m.created_at, m.id
  ) f
 WHERE f.ticket_id = t.id AND t.first_response_at IS NULL;
--> statement-breakpoint
-- A ticket change that a stored day of ticket_day_stats counted (its opening for first responses, its
-- resolution for resolved/outcome/agent) deletes that day; GET /inbox/stats counts it again. The shared
-- advisory lock, held to commit, pairs with the exclusive one a stats request takes while it counts
-- days: a day is never stored without a change that was in flight.
CREATE OR REPLACE FUNCTION ticket_day_stats_forget() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tenant uuid;
  stamps timestamptz[] := '{}';
  earliest timestamptz;
BEGIN
  IF TG_OP = 'INSERT' THEN
    tenant := NEW.tenant_id;
    stamps := ARRAY[NEW.opened_at, NEW.resolved_at];
  ELSIF TG_OP = 'DELETE' THEN
    tenant := OLD.tenant_id;
    stamps := ARRAY[OLD.opened_at, OLD.resolved_at];
  ELSE
    tenant := NEW.tenant_id;
    IF OLD.opened_at IS DISTINCT FROM NEW.opened_at OR OLD.first_response_at IS DISTINCT FROM NEW.first_response_at
       OR OLD.first_response_by IS DISTINCT FROM NEW.first_response_by THEN
      stamps := stamps || OLD.opened_at || NEW.opened_at;
    END IF;
    IF OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.outcome IS DISTINCT FROM NEW.outcome
       OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id THEN
      stamps := stamps || OLD.resolved_at || NEW.resolved_at;
    END IF;
  END IF;
  SELECT min(s) INTO earliest FROM unnest(stamps) s;
  IF earliest IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(7246101, hashtext(tenant::text));
  DELETE FROM ticket_day_stats d
   WHERE d.tenant_id = tenant AND d.ends_at > earliest
     AND EXISTS (SELECT 1 FROM unnest(stamps) s WHERE s >= d.starts_at AND s < d.ends_at);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER tickets_forget_day_stats
  AFTER INSERT OR DELETE OR UPDATE OF opened_at, resolved_at, outcome, assignee_id, first_response_at, first_response_by
  ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_day_stats_forget();
