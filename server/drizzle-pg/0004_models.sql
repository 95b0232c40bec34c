CREATE TABLE "engine_models" (
	"name" text PRIMARY KEY NOT NULL,
	"org_id" text,
	"dir" text NOT NULL,
	"facts" jsonb NOT NULL,
	"load_ms" double precision,
	"step_s" double precision,
	"tested_at" bigint,
	"last_error" text,
	"added_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_default_models" (
	"org_id" text PRIMARY KEY NOT NULL,
	"model" text NOT NULL,
	"updated_at" bigint NOT NULL
);
