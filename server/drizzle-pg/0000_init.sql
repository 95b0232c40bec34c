CREATE TABLE "adherence_records" (
	"job_id" text NOT NULL,
	"layer_idx" integer NOT NULL,
	"kit_id" text NOT NULL,
	"kit_version" integer NOT NULL,
	"adherence" double precision NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "adherence_records_job_id_layer_idx_pk" PRIMARY KEY("job_id","layer_idx")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"org_id" text NOT NULL,
	"id" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"format" text NOT NULL,
	"bytes" bigint NOT NULL,
	"has_alpha" boolean NOT NULL,
	"source" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "assets_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "brand_kit_versions" (
	"kit_id" text NOT NULL,
	"version" integer NOT NULL,
	"kit" jsonb NOT NULL,
	"grade" jsonb NOT NULL,
	"files" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "brand_kit_versions_kit_id_version_pk" PRIMARY KEY("kit_id","version")
);
--> statement-breakpoint
CREATE TABLE "brand_kits" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"latest_version" integer NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_events" (
	"job_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "job_events_job_id_seq_pk" PRIMARY KEY("job_id","seq")
);
--> statement-breakpoint
CREATE TABLE "job_usage" (
	"job_id" text NOT NULL,
	"org_id" text NOT NULL,
	"engine" text NOT NULL,
	"device" text NOT NULL,
	"compute_ms" bigint NOT NULL,
	"images" integer NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "job_usage_job_id_engine_pk" PRIMARY KEY("job_id","engine")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"request" jsonb NOT NULL,
	"plan" jsonb NOT NULL,
	"document" text,
	"parent" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"timeout_ms" bigint NOT NULL,
	"run_after" bigint NOT NULL,
	"lease_owner" text,
	"lease_token" text,
	"lease_expires_at" bigint,
	"cancel_requested_at" bigint,
	"progress" jsonb,
	"problem" jsonb,
	"notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"commercial_rights" boolean DEFAULT false NOT NULL,
	"provenance" jsonb,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"lane" text DEFAULT 'interactive' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"dispatched_attempt" integer,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint
);
--> statement-breakpoint
CREATE TABLE "layers" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"idx" integer NOT NULL,
	"asset_id" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"placement" jsonb NOT NULL,
	"label" text NOT NULL,
	"seed" bigint,
	"scores" jsonb NOT NULL,
	"manifest_id" text,
	"commercial_rights" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manifests" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"job_id" text NOT NULL,
	"layer_idx" integer NOT NULL,
	"asset_id" text NOT NULL,
	"pixel_sha256" text NOT NULL,
	"store_sha256" text NOT NULL,
	"manifest_hash" text NOT NULL,
	"log_index" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "merkle_nodes" (
	"level" integer NOT NULL,
	"idx" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "merkle_nodes_level_idx_pk" PRIMARY KEY("level","idx")
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"plan" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "orgs_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "protected_references" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text,
	"title" text NOT NULL,
	"fingerprints" jsonb NOT NULL,
	"exempt_org_ids" jsonb NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quota_reservations" (
	"job_id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"period" text NOT NULL,
	"reserved" integer NOT NULL,
	"charged" integer DEFAULT 0 NOT NULL,
	"state" text NOT NULL,
	"created_at" bigint NOT NULL,
	"settled_at" bigint
);
--> statement-breakpoint
CREATE TABLE "safety_audit" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"user_id" text NOT NULL,
	"job_id" text NOT NULL,
	"stage" text NOT NULL,
	"decision" text NOT NULL,
	"category" text,
	"reason" text NOT NULL,
	"details" jsonb,
	"quarantined_sha256" text,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_kit_versions" ADD CONSTRAINT "brand_kit_versions_kit_id_brand_kits_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."brand_kits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_kits" ADD CONSTRAINT "brand_kits_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_events" ADD CONSTRAINT "job_events_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "layers" ADD CONSTRAINT "layers_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_reservations" ADD CONSTRAINT "quota_reservations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adherence_kit_at" ON "adherence_records" USING btree ("kit_id","at");--> statement-breakpoint
CREATE INDEX "assets_org_created" ON "assets" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "brand_kits_org_slug" ON "brand_kits" USING btree ("org_id","slug");--> statement-breakpoint
CREATE INDEX "usage_org_at" ON "job_usage" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "jobs_claim" ON "jobs" USING btree ("status","run_after");--> statement-breakpoint
CREATE INDEX "jobs_lane_queue" ON "jobs" USING btree ("status","lane","org_id");--> statement-breakpoint
CREATE INDEX "jobs_org_created" ON "jobs" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "jobs_org_document" ON "jobs" USING btree ("org_id","document");--> statement-breakpoint
CREATE INDEX "jobs_org_parent" ON "jobs" USING btree ("org_id","parent");--> statement-breakpoint
CREATE UNIQUE INDEX "layers_job_idx" ON "layers" USING btree ("job_id","idx");--> statement-breakpoint
CREATE INDEX "manifests_pixels" ON "manifests" USING btree ("pixel_sha256");--> statement-breakpoint
CREATE INDEX "manifests_asset" ON "manifests" USING btree ("asset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "manifests_job_layer" ON "manifests" USING btree ("job_id","layer_idx");--> statement-breakpoint
CREATE INDEX "quota_org_period" ON "quota_reservations" USING btree ("org_id","period","state");--> statement-breakpoint
CREATE INDEX "safety_audit_org_at" ON "safety_audit" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "safety_audit_job" ON "safety_audit" USING btree ("job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_org_name" ON "users" USING btree ("org_id","name");