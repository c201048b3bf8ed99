import { describe, expect, it } from "vitest";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES, SCHOOL_AGREEMENT_STATUSES } from "~/domain/onboarding/school-status";
import { exportFilters } from "~/domain/exports/http.server";
import { NEXT_YEAR_STATE_LABELS } from "~/domain/renewal/board-kinds";
import { AGREEMENT_FILTER_STATUSES, AGREEMENT_STATUS_LABELS, AGREEMENT_STATUSES, agreementStatusLabel } from "./status";

// The statuses of an agreement (and of its versions): one label each, wherever shown
// (tests/integration/vocabulary.test.ts holds the CSV and the pages to these labels).
describe("agreement statuses", () => {
  it("every status has its own label", () => {
    for (const status of AGREEMENT_STATUSES) expect(AGREEMENT_STATUS_LABELS[status], status).toMatch(/^\p{Lu}/u);
    expect(new Set(Object.values(AGREEMENT_STATUS_LABELS)).size).toBe(AGREEMENT_STATUSES.length);
    expect(Object.keys(AGREEMENT_STATUS_LABELS).sort()).toEqual([...AGREEMENT_STATUSES].sort());
  });

  it("a stored status the vocabulary does not know is shown as it is", () => {
    expect(agreementStatusLabel("ter_ondertekening")).toBe("Ter ondertekening");
    expect(agreementStatusLabel("onbekend")).toBe("onbekend");
  });

  it("the CSV export filters on exactly the statuses the school's list offers", () => {
    expect(SCHOOL_AGREEMENT_STATUSES).toBe(AGREEMENT_FILTER_STATUSES);
    for (const status of AGREEMENT_STATUSES) {
      const expected = (AGREEMENT_FILTER_STATUSES as readonly string[]).includes(status) ? status : null;
      expect(exportFilters(new URLSearchParams({ status })).status, status).toBe(expected);
    }
  });

  it("the dashboards and the renewal board say the agreement's words for the statuses they share", () => {
    for (const status of DASHBOARD_STATUSES) {
      if (status !== "geen" && status !== "geevalueerd") expect(DASHBOARD_STATUS_LABELS[status]).toBe(AGREEMENT_STATUS_LABELS[status]);
    }
    expect(NEXT_YEAR_STATE_LABELS.concept).toBe(AGREEMENT_STATUS_LABELS.concept);
    expect(NEXT_YEAR_STATE_LABELS.ondertekend).toBe(AGREEMENT_STATUS_LABELS.ondertekend);
  });
});
