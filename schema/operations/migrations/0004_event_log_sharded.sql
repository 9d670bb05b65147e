DROP TABLE `deliveries`;--> statement-breakpoint
DROP TABLE `event_log`;