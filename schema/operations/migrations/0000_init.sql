CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`context` text NOT NULL,
	`event_id` text,
	`event_type` text,
	`body` text NOT NULL,
	`reason` text NOT NULL,
	`attempts` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`replayed_at` integer
);
--> statement-breakpoint
CREATE INDEX `dead_letters_context` ON `dead_letters` (`context`,`replayed_at`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`event_id` text NOT NULL,
	`context` text NOT NULL,
	`event_type` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`lag_ms` integer,
	`processing_ms` integer,
	`last_error` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `context`)
);
--> statement-breakpoint
CREATE INDEX `deliveries_context_time` ON `deliveries` (`context`,`updated_at`);--> statement-breakpoint
CREATE TABLE `event_log` (
	`event_id` text PRIMARY KEY NOT NULL,
	`event_type` text NOT NULL,
	`aggregate_type` text NOT NULL,
	`aggregate_id` text NOT NULL,
	`aggregate_version` integer NOT NULL,
	`order_id` text,
	`correlation_id` text NOT NULL,
	`causation_id` text,
	`occurred_on` text NOT NULL,
	`body` text NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_log_order` ON `event_log` (`order_id`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `event_log_aggregate` ON `event_log` (`aggregate_id`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `event_log_type` ON `event_log` (`event_type`,`occurred_on`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`scope` text PRIMARY KEY NOT NULL,
	`body_hash` text NOT NULL,
	`state` text NOT NULL,
	`status` integer,
	`response` text,
	`locked_until` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `inbox` (
	`event_id` text PRIMARY KEY NOT NULL,
	`event_type` text NOT NULL,
	`handled_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`destination` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`sent_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_event_destination` ON `outbox` (`event_id`,`destination`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`sent_at`,`next_attempt_at`);