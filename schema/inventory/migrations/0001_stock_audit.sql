CREATE TABLE `inventory_items` (
	`product_id` text PRIMARY KEY NOT NULL,
	`seller_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `order_lines` (
	`order_id` text NOT NULL,
	`product_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`decision` text NOT NULL,
	`decided_at` integer NOT NULL,
	PRIMARY KEY(`order_id`, `product_id`)
);
--> statement-breakpoint
CREATE INDEX `order_lines_product` ON `order_lines` (`product_id`,`decision`);