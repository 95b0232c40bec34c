ALTER TABLE `jobs` ADD `lane` text DEFAULT 'interactive' NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `dispatched_attempt` integer;--> statement-breakpoint
CREATE INDEX `jobs_lane_queue` ON `jobs` (`status`,`lane`,`org_id`);