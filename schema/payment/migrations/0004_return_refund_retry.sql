ALTER TABLE `refunds` ADD `return_id` text;--> statement-breakpoint
ALTER TABLE `refunds` ADD `pending_since` integer;