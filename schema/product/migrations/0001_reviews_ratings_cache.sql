CREATE TABLE `applied_ratings` (
	`review_id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`rating` integer NOT NULL,
	`applied_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cache_stats` (
	`minute` integer PRIMARY KEY NOT NULL,
	`hits` integer DEFAULT 0 NOT NULL,
	`misses` integer DEFAULT 0 NOT NULL
);
