CREATE TABLE `customer_profiles` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`version` integer NOT NULL
);
