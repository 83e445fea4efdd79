-- Trigram search for the inbox (name, number, message text); PGlite loads the extension too.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "last_assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "inbox_auto_assign" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "inbox_max_open_per_agent" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "ticket_status" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "queue" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "department_id" uuid;--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "max_open_per_agent" integer;--> statement-breakpoint
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_phone_trgm_idx" ON "contacts" USING gin ("phone_e_164" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_tags_idx" ON "contacts" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "conversations_inbox_idx" ON "conversations" USING btree ("tenant_id",(coalesce(last_message_at, created_at)) desc,id desc);--> statement-breakpoint
CREATE INDEX "conversations_inbox_active_idx" ON "conversations" USING btree ("tenant_id",(coalesce(last_message_at, created_at)) desc,id desc) WHERE ticket_status in ('OPEN', 'FOLLOW_UP');--> statement-breakpoint
CREATE INDEX "conversations_inbox_assignee_idx" ON "conversations" USING btree ("tenant_id","assignee_id",(coalesce(last_message_at, created_at)) desc,id desc);--> statement-breakpoint
CREATE INDEX "conversations_inbox_queue_idx" ON "conversations" USING btree ("tenant_id","queue",(coalesce(last_message_at, created_at)) desc,id desc);--> statement-breakpoint
CREATE INDEX "conversations_inbox_department_idx" ON "conversations" USING btree ("tenant_id","department_id",(coalesce(last_message_at, created_at)) desc,id desc);--> statement-breakpoint
CREATE INDEX "messages_text_trgm_idx" ON "messages" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tickets_backlog_idx" ON "tickets" USING btree ("tenant_id","opened_at") WHERE status <> 'RESOLVED' and assignee_id is null;--> statement-breakpoint
CREATE INDEX "tickets_conversation_idx" ON "tickets" USING btree ("conversation_id","opened_at");--> statement-breakpoint
-- The conversation carries its current ticket (the open one, else the latest) so the inbox filters and
-- sorts on one table. Every writer of tickets (inbound, actions, repair) keeps it right through this trigger.
CREATE OR REPLACE FUNCTION conversations_sync_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations c
     SET ticket_id = NEW.id, ticket_status = NEW.status, queue = NEW.queue,
         assignee_id = NEW.assignee_id, department_id = NEW.department_id
   WHERE c.id = NEW.conversation_id
     AND (c.ticket_id IS NULL OR c.ticket_id = NEW.id OR NEW.status <> 'RESOLVED'
          OR (TG_OP = 'INSERT' AND c.ticket_status = 'RESOLVED'))
     AND (c.ticket_id IS DISTINCT FROM NEW.id OR c.ticket_status IS DISTINCT FROM NEW.status
          OR c.queue IS DISTINCT FROM NEW.queue OR c.assignee_id IS DISTINCT FROM NEW.assignee_id
          OR c.department_id IS DISTINCT FROM NEW.department_id);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER tickets_sync_conversation
  AFTER INSERT OR UPDATE OF status, queue, assignee_id, department_id ON tickets
  FOR EACH ROW EXECUTE FUNCTION conversations_sync_ticket();--> statement-breakpoint
UPDATE conversations c
   SET ticket_id = t.id, ticket_status = t.status, queue = t.queue,
       assignee_id = t.assignee_id, department_id = t.department_id
  FROM (SELECT DISTINCT ON (conversation_id) id, conversation_id, status, queue, assignee_id, department_id
          FROM tickets
         ORDER BY conversation_id, (status <> 'RESOLVED') DESC, opened_at DESC, id DESC) t
 WHERE t.conversation_id = c.id;
--> statement-breakpoint
-- Inbox search as the table owner: under RLS, ILIKE (not leakproof) cannot use the trigram indexes, so
-- this function applies the tenant filter itself, reading the transaction's app.tenant_id (never a parameter).
CREATE OR REPLACE FUNCTION inbox_search(pattern text, digits text, with_text boolean) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
   WHERE c.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
     AND ct.tenant_id = c.tenant_id
     AND (ct.name ILIKE pattern OR (digits IS NOT NULL AND ct.phone_e_164 LIKE digits))
  UNION
  SELECT m.conversation_id FROM messages m
   WHERE with_text AND m.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
     AND m.text ILIKE pattern
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION inbox_search(text, text, boolean) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION inbox_search(text, text, boolean) TO app_user;
