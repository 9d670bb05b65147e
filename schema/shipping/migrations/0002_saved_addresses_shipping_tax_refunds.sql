CREATE TABLE `shipping_options` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`countries` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`free_over` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tax_rates` (
	`country` text PRIMARY KEY NOT NULL,
	`rate_basis_points` integer NOT NULL,
	`inclusive` integer NOT NULL,
	`updated_at` integer NOT NULL
);
