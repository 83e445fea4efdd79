ALTER TABLE "channels" ADD COLUMN "send_rate_per_second" integer;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "send_tokens" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "send_refilled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_after" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_send_queue_idx" ON "messages" USING btree ("channel_id","id") WHERE status = 'queued' and sending_at is null;