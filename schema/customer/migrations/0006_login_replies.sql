CREATE TABLE `login_replies` (
	`scope` text PRIMARY KEY NOT NULL,
	`body_hash` text NOT NULL,
	`account_id` text NOT NULL,
	`token_id` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_replies_expiry` ON `login_replies` (`expires_at`);