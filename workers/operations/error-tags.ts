/** What an error report is tagged with: ids only, so an operator can jump to `wrangler tail --search <id>`. */
export interface ErrorTags {
  handler: "fetch" | "queue" | "alarm" | "scheduled";
  requestId?: string;
  correlationId?: string;
  eventId?: string;
  eventType?: string;
  context?: string;
  orderId?: string;
  productId?: string;
  route?: string;
  cron?: string;
}
