import { describe, expect, it } from "vitest";
import { api } from "../support/api";

describe("OpenAPI document for payments, shipments and notifications", () => {
  it("lists every route with each status it can answer", async () => {
    const doc = (await api("GET", "/openapi.json")).body;
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(statuses("/api/v1/payments", "get")).toEqual(["200", "400", "401", "403", "404", "500", "503"]);
    expect(statuses("/api/v1/shipments/{id}", "get")).toEqual(["200", "400", "401", "403", "404", "500", "503"]);
    expect(statuses("/api/v1/shipments/{id}/events", "post")).toEqual(["200", "400", "401", "403", "404", "409", "413", "415", "422", "500", "503"]);
    expect(statuses("/api/v1/notifications/me", "get")).toEqual(["200", "400", "401", "403", "500", "503"]);
  });

  it("documents the REVIEW_REJECTED notification type and the payment statuses", async () => {
    const doc = (await api("GET", "/openapi.json")).body;
    expect(doc.components.schemas.Notification.properties.type.enum).toContain("REVIEW_REJECTED");
    expect(doc.components.schemas.Payment.properties.status.enum).toEqual(["AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "VOIDED", "REFUNDED", "FAILED", "PENDING"]);
  });
});
