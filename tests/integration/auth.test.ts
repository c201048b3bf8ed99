import { describe, expect, it, vi } from "vitest";
import { signIn } from "~/domain/auth/sign-in.server";
import * as loginRoute from "~/routes/inloggen";
import * as logoutRoute from "~/routes/uitloggen";
import * as startRoute from "~/routes/_index";
import { db } from "~/utils/db.server";
import { sha256Hex } from "~/utils/crypto.server";
import { createUserSession, getSessionUser } from "~/utils/session.server";
import { buildRequest, createOrganisation, createUser, TEST_PASSWORD } from "../factories";
import { callRoute } from "../setup/route";

async function schoolUser() {
  const school = await createOrganisation("school");
  return createUser([{ organisationId: school.id, role: "directie" }]);
}

describe("sign-in", () => {
  it("signs in with the right password and sets an HttpOnly, SameSite=Lax session cookie", async () => {
    const user = await schoolUser();
    const result = await callRoute(
      loginRoute.action,
      buildRequest("/inloggen", { form: { email: user.email.toUpperCase(), password: TEST_PASSWORD, redirectTo: "/overeenkomsten/nieuw" } }),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe("/overeenkomsten/nieuw");
    const cookie = result.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^akkoord_sessie=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    // The session works, and only the token's hash is stored.
    const request = buildRequest("/", { cookie: cookie.split(";")[0] });
    expect((await getSessionUser(request))?.id).toBe(user.id);
    const sessions = await db.session.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie).not.toContain(sessions[0]!.id);
  });

  it("refuses a wrong password with a Dutch message, keeps the e-mail and stores no session", async () => {
    const user = await schoolUser();
    const result = await callRoute(
      loginRoute.action,
      buildRequest("/inloggen", { form: { email: user.email, password: "fout-wachtwoord" } }),
    );
    expect(result.status).toBe(400);
    const reply = result.data as { error?: Record<string, string[]>; initialValue?: Record<string, unknown> };
    expect(reply.error?.[""]).toEqual(["Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer opnieuw."]);
    expect(reply.initialValue?.email).toBe(user.email);
    expect(reply.initialValue?.password).toBeUndefined();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers an unknown e-mail exactly like a wrong password", async () => {
    const result = await callRoute(
      loginRoute.action,
      buildRequest("/inloggen", { form: { email: "niemand@test.example", password: "wat-dan-ook" } }),
    );
    expect(result.status).toBe(400);
    expect((result.data as { error: Record<string, string[]> }).error[""]).toEqual([
      "Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer opnieuw.",
    ]);
  });

  it("shows Dutch field errors for missing and malformed fields", async () => {
    const result = await callRoute(loginRoute.action, buildRequest("/inloggen", { form: { email: "geen-adres" } }));
    expect(result.status).toBe(400);
    const reply = result.data as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(reply.error.email).toEqual(["Vul een geldig e-mailadres in, zoals naam@school.be."]);
    expect(reply.error.password).toEqual(["Vul uw wachtwoord in."]);
    expect(reply.initialValue.email).toBe("geen-adres");
  });

  it("does not redirect to another site after sign-in", async () => {
    const user = await schoolUser();
    const result = await callRoute(
      loginRoute.action,
      buildRequest("/inloggen", { form: { email: user.email, password: TEST_PASSWORD, redirectTo: "//evil.example/x" } }),
    );
    expect(result.location).toBe("/");
  });
});

describe("growing delays on failed sign-ins, per (account, IP)", () => {
  const start = new Date("2026-11-22T10:00:00Z");
  const at = (ms: number) => new Date(start.getTime() + ms);

  it("20 wrong tries at once: only 5 are evaluated, the rest refused without checking the password", async () => {
    const user = await schoolUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => signIn({ email: user.email, password: "fout", ipAddress: "10.0.1.1", now: start })),
    );
    expect(results.filter((r) => r.ok === false && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => r.ok === false && r.reason === "rate_limited")).toHaveLength(15);
    expect(await db.loginAttempt.count({ where: { email: user.email } })).toBe(5);
  });

  it("an attacker's failures from one address do not lock the owner out at another address", async () => {
    const user = await schoolUser();
    for (let i = 0; i < 8; i++) {
      await signIn({ email: user.email, password: "fout", ipAddress: "203.0.113.66", now: at(i) });
    }
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "203.0.113.66", now: at(8) })).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    const owner = await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.1.2", now: at(8) });
    expect(owner).toEqual({ ok: true, userId: user.id });
  });

  it("after 5 wrong passwords each next try waits twice as long (5 s, 10 s, 20 s); the right password then resets", async () => {
    const user = await schoolUser();
    const ip = "10.0.1.3";
    for (let i = 0; i < 5; i++) {
      expect(await signIn({ email: user.email, password: "fout", ipAddress: ip, now: at(i) })).toEqual({ ok: false, reason: "invalid" });
    }
    let t = 4;
    for (const delay of [5_000, 10_000, 20_000]) {
      expect(await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: ip, now: at(t + delay - 1_000) })).toEqual({
        ok: false,
        reason: "rate_limited",
        retryAfterSeconds: 1,
      });
      t += delay;
      expect(await signIn({ email: user.email, password: "fout", ipAddress: ip, now: at(t) })).toEqual({ ok: false, reason: "invalid" });
    }
    t += 40_000;
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: ip, now: at(t) })).toEqual({ ok: true, userId: user.id });
    // Forgotten: five free tries again.
    for (let i = 1; i <= 5; i++) {
      expect(await signIn({ email: user.email, password: "fout", ipAddress: ip, now: at(t + i) })).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("delays never grow beyond LOGIN_WINDOW_MINUTES (15 minutes)", async () => {
    const user = await schoolUser();
    const ip = "10.0.1.4";
    let t = 0;
    for (let i = 0; i < 14; i++) {
      const r = await signIn({ email: user.email, password: "fout", ipAddress: ip, now: at(t) });
      expect(r).toEqual({ ok: false, reason: "invalid" });
      t += 15 * 60_000;
    }
    const refused = await signIn({ email: user.email, password: "fout", ipAddress: ip, now: at(t - 15 * 60_000 + 1_000) });
    expect(refused).toMatchObject({ reason: "rate_limited", retryAfterSeconds: 15 * 60 - 1 });
  });

  it("one address trying many accounts is slowed down after 20 tries", async () => {
    const ip = "198.51.100.7";
    const outcomes: string[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await signIn({ email: `onbekend-${i}@test.example`, password: "fout", ipAddress: ip, now: at(i) });
      outcomes.push(r.ok ? "ok" : r.reason);
    }
    expect(outcomes.slice(0, 20).every((o) => o === "invalid")).toBe(true);
    expect(outcomes[20]).toBe("rate_limited");
    // Someone else at another address is not affected.
    const user = await schoolUser();
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.1.5", now: at(21) })).toEqual({ ok: true, userId: user.id });
  });

  it("answers 429 with a Dutch message and Retry-After through the form", async () => {
    const user = await schoolUser();
    for (let i = 0; i < 5; i++) {
      await callRoute(loginRoute.action, buildRequest("/inloggen", { form: { email: user.email, password: "fout" } }));
    }
    const result = await callRoute(
      loginRoute.action,
      buildRequest("/inloggen", { form: { email: user.email, password: TEST_PASSWORD } }),
    );
    expect(result.status).toBe(429);
    expect((result.data as { error: Record<string, string[]> }).error[""]![0]).toMatch(
      /^Te veel mislukte pogingen\. Wacht [1-5] seconden? en probeer opnieuw\.$/,
    );
    expect(Number(result.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("sessions", () => {
  it("logs out: the session is deleted and the cookie cleared", async () => {
    const user = await schoolUser();
    const setCookie = await createUserSession(user.id, buildRequest("/"));
    const cookie = setCookie.split(";")[0]!;
    const result = await callRoute(logoutRoute.action, buildRequest("/uitloggen", { method: "POST", cookie }));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/inloggen");
    expect(result.headers.get("Set-Cookie")).toMatch(/akkoord_sessie=;.*Max-Age=0/);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await getSessionUser(buildRequest("/", { cookie }))).toBeNull();
  });

  it("expires: an old session no longer signs in and is removed", async () => {
    const user = await schoolUser();
    // One moment for the session and the page that reads it: a fake clock (Date only).
    const now = new Date("2026-11-22T10:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now });
    try {
      const thirteenHoursAgo = new Date(now.getTime() - 13 * 3_600_000);
      const setCookie = await createUserSession(user.id, buildRequest("/"), thirteenHoursAgo);
      const cookie = setCookie.split(";")[0]!;
      const result = await callRoute(startRoute.loader, buildRequest("/", { cookie }));
      expect(result.status).toBe(302);
      expect(result.location).toBe("/inloggen");
      expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("ignores a forged cookie", async () => {
    const forged = `akkoord_sessie=${Buffer.from(JSON.stringify(sha256Hex("x"))).toString("base64")}`;
    expect(await getSessionUser(buildRequest("/", { cookie: forged }))).toBeNull();
  });

  it("sends anonymous visitors to the sign-in page, remembering where they were going", async () => {
    const result = await callRoute(startRoute.loader, buildRequest("/?pagina=2"));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/inloggen?redirectTo=%2F%3Fpagina%3D2");
  });
});

describe("unreadable submissions", () => {
  it("a broken multipart body is a 400 with a Dutch message, not a server error", async () => {
    const request = new Request("http://localhost/inloggen", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=----x" },
      body: "dit is geen formulier",
    });
    const result = await callRoute(loginRoute.action, request);
    expect(result.status).toBe(400);
    expect((result.data as { message: string }).message).toBe(
      "Het formulier kon niet gelezen worden. Laad de pagina opnieuw en probeer nog eens.",
    );
  });
});
