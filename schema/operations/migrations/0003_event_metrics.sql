CREATE TABLE `event_metrics` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`minute` integer NOT NULL,
	`context` text NOT NULL,
	`handled` integer NOT NULL,
	`failed` integer NOT NULL,
	`last_handled_at` integer NOT NULL,
	`lag_histogram` text NOT NULL,
	`processing_histogram` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_metrics_minute` ON `event_metrics` (`minute`);