CREATE TABLE `product_variants` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`position` integer NOT NULL,
	`sku` text NOT NULL,
	`options` text NOT NULL,
	`price_amount` integer NOT NULL,
	`availability` text NOT NULL,
	`availability_version` integer DEFAULT -1 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_variants_sku_unique` ON `product_variants` (`sku`);--> statement-breakpoint
CREATE INDEX `product_variants_product` ON `product_variants` (`product_id`,`position`);--> statement-breakpoint
CREATE TABLE `sku_claims` (
	`sku` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `products` ADD `variants_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `options` text;--> statement-breakpoint
-- Hand-added backfill: every existing product SKU is claimed, so a new variant cannot reuse one.
INSERT OR IGNORE INTO `sku_claims` (`sku`, `product_id`) SELECT `sku`, `id` FROM `products`;
