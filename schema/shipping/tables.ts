export { outbox, inbox } from "../shared/event-tables";
