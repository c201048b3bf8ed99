import { describe, expect, it } from "vitest";
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

describe("rate limit on failed sign-ins", () => {
  it("blocks an address after 5 failures, even with the right password, until the window has passed", async () => {
    const user = await schoolUser();
    const start = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      const r = await signIn({ email: user.email, password: "fout", ipAddress: "10.0.0.1", now: new Date(start.getTime() + i * 1000) });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.0.2", now: new Date(start.getTime() + 60_000) });
    expect(blocked).toEqual({ ok: false, reason: "rate_limited" });

    const later = await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.0.2", now: new Date(start.getTime() + 16 * 60_000) });
    expect(later).toEqual({ ok: true, userId: user.id });
  });

  it("answers 429 with a Dutch message through the form", async () => {
    const user = await schoolUser();
    for (let i = 0; i < 5; i++) {
      await callRoute(loginRoute.action, buildRequest("/inloggen", { form: { email: user.email, password: "fout" } }));
    }
    const result = await callRoute(
      loginRoute.action,
      buildRequest("/inloggen", { form: { email: user.email, password: TEST_PASSWORD } }),
    );
    expect(result.status).toBe(429);
    expect((result.data as { error: Record<string, string[]> }).error[""]).toEqual([
      "Te veel mislukte pogingen. Wacht 15 minuten en probeer opnieuw.",
    ]);
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
    const thirteenHoursAgo = new Date(Date.now() - 13 * 3_600_000);
    const setCookie = await createUserSession(user.id, buildRequest("/"), thirteenHoursAgo);
    const cookie = setCookie.split(";")[0]!;
    const result = await callRoute(startRoute.loader, buildRequest("/", { cookie }));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/inloggen");
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
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
