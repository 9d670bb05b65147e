CREATE TABLE `delivered_items` (
	`order_id` text NOT NULL,
	`product_id` text NOT NULL,
	`shipment_id` text NOT NULL,
	`delivered_at` integer NOT NULL,
	PRIMARY KEY(`order_id`, `product_id`)
);
--> statement-breakpoint
CREATE INDEX `delivered_items_product` ON `delivered_items` (`product_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `order_customers` (
	`order_id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`rating` integer NOT NULL,
	`title` text,
	`comment` text NOT NULL,
	`status` text NOT NULL,
	`rejection_reason` text,
	`last_event_id` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_customer_product` ON `reviews` (`customer_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `reviews_status` ON `reviews` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `reviews_product_status` ON `reviews` (`product_id`,`status`,`id`);