CREATE TABLE `promotions` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`type` text NOT NULL,
	`value` integer NOT NULL,
	`currency` text NOT NULL,
	`minimum_purchase` integer,
	`usage_limit` integer,
	`per_customer_limit` integer,
	`used` integer DEFAULT 0 NOT NULL,
	`customer_id` text,
	`status` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promotions_code_unique` ON `promotions` (`code`);--> statement-breakpoint
CREATE INDEX `promotions_customer` ON `promotions` (`customer_id`);--> statement-breakpoint
CREATE TABLE `redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`promotion_id` text NOT NULL,
	`order_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`discount` integer NOT NULL,
	`status` text NOT NULL,
	`restore_token` text,
	`created_at` integer NOT NULL,
	`restored_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `redemptions_promotion_order` ON `redemptions` (`promotion_id`,`order_id`);--> statement-breakpoint
CREATE INDEX `redemptions_order` ON `redemptions` (`order_id`);--> statement-breakpoint
CREATE INDEX `redemptions_customer` ON `redemptions` (`promotion_id`,`customer_id`,`status`);