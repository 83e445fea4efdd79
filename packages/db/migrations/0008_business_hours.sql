ALTER TABLE "tenants" ADD COLUMN "inbox_business_hours" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "inbox_away_message" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "department_id" uuid;--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "away_message" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "away_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;