CREATE TABLE `cancelled_orders` (
	`order_id` text PRIMARY KEY NOT NULL,
	`cancelled_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`method_type` text NOT NULL,
	`status` text NOT NULL,
	`failure_reason` text,
	`gateway_ref` text,
	`decision_nonce` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_order_id_unique` ON `payments` (`order_id`);--> statement-breakpoint
CREATE INDEX `payments_customer` ON `payments` (`customer_id`);