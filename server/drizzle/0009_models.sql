CREATE TABLE `engine_models` (
	`name` text PRIMARY KEY NOT NULL,
	`org_id` text,
	`dir` text NOT NULL,
	`facts` text NOT NULL,
	`load_ms` real,
	`step_s` real,
	`tested_at` integer,
	`last_error` text,
	`added_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `org_default_models` (
	`org_id` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL,
	`updated_at` integer NOT NULL
);
