CREATE TABLE `quality_attempts` (
	`job_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`kit` text,
	`source_key` text NOT NULL,
	`first_job_id` text NOT NULL,
	`attempt_no` integer NOT NULL,
	`regenerates` text,
	`regenerated_at` integer,
	`candidates` integer,
	`kept` integer,
	`kept_rank` integer,
	`rating` integer,
	`reason` text,
	`features` text,
	`feedback_created_at` integer,
	`feedback_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `quality_attempts_org_created` ON `quality_attempts` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `quality_attempts_source` ON `quality_attempts` (`org_id`,`user_id`,`source_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `quality_attempts_org_feedback` ON `quality_attempts` (`org_id`,`feedback_at`);