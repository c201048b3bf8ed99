import { describe, expect, it } from "vitest";
import { SIGNING_REQUEST_STATUS_LABELS, SIGNING_REQUEST_STATUSES, signingRequestStatusLabel } from "./signing-request-status";

// Where a signing request stands: one label each, on the signing page and the agreement's page alike
// (tests/integration/vocabulary.test.ts holds both pages to these labels).
describe("signing request statuses", () => {
  it("every status has its own label", () => {
    for (const status of SIGNING_REQUEST_STATUSES) expect(SIGNING_REQUEST_STATUS_LABELS[status], status).not.toBe("");
    expect(new Set(Object.values(SIGNING_REQUEST_STATUS_LABELS)).size).toBe(SIGNING_REQUEST_STATUSES.length);
    expect(Object.keys(SIGNING_REQUEST_STATUS_LABELS).sort()).toEqual([...SIGNING_REQUEST_STATUSES].sort());
  });

  it("a stored status the vocabulary does not know is shown as it is", () => {
    expect(signingRequestStatusLabel("wachtend")).toBe("nog niet aan de beurt");
    expect(signingRequestStatusLabel("onbekend")).toBe("onbekend");
  });
});
