// /verifieer is anonymous and each verification costs CPU: a client address
// gets VERIFY_MAX_PER_WINDOW verifications per window, then a 429 with a
// Dutch message, before its upload is even read.
import { describe, expect, it } from "vitest";
import { VERIFY_MAX_PER_WINDOW, VERIFY_WINDOW_MS } from "~/domain/signing/settings.server";
import { takeVerifyAttempt, VERIFY_RATE_LIMITED_MESSAGE } from "~/domain/signing/verify-pdf.server";
import * as verifyRoute from "~/routes/verifieer";
import { callRoute } from "../setup/route";

function upload(text: string) {
  const form = new FormData();
  form.append("pdf", new File([text], "brief.pdf", { type: "application/pdf" }));
  return callRoute(verifyRoute.action, new Request("http://localhost/verifieer", { method: "POST", body: form }));
}

describe("the rate limit of /verifieer", () => {
  it(`answers the ${VERIFY_MAX_PER_WINDOW + 1}th upload from one client with 429, in Dutch, without reading it`, async () => {
    for (let i = 0; i < VERIFY_MAX_PER_WINDOW; i++) {
      const answer = await upload("Dit is geen PDF.");
      expect(answer.status).toBe(400);
    }
    const refused = await upload("Dit is geen PDF.");
    expect(refused.status).toBe(429);
    expect(refused.data).toEqual({ error: VERIFY_RATE_LIMITED_MESSAGE });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);

    // Refused before the body is read: even a body that is not a form gets the 429, not a 400.
    const garbage = await callRoute(
      verifyRoute.action,
      new Request("http://localhost/verifieer", { method: "POST", body: "x", headers: { "content-type": "multipart/form-data; boundary=zz" } }),
    );
    expect(garbage.status).toBe(429);
  });

  it("counts per client address and forgets attempts older than the window", () => {
    const t0 = new Date("2026-12-07T09:00:00Z");
    const later = (ms: number) => new Date(t0.getTime() + ms);
    for (let i = 0; i < VERIFY_MAX_PER_WINDOW; i++) {
      expect(takeVerifyAttempt({ ipAddress: "203.0.113.7", now: later(i) })).toEqual({ allowed: true });
    }
    expect(takeVerifyAttempt({ ipAddress: "203.0.113.7", now: later(1_000) })).toMatchObject({ allowed: false });
    expect(takeVerifyAttempt({ ipAddress: "203.0.113.8", now: later(1_000) })).toEqual({ allowed: true });
    expect(takeVerifyAttempt({ ipAddress: "203.0.113.7", now: later(VERIFY_WINDOW_MS + 1) })).toEqual({ allowed: true });
  });
});
