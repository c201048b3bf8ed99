import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVITATION_DAYS } from "~/domain/people/roles";
import * as invitationRoute from "~/routes/uitnodiging.$token";
import * as peopleRoute from "~/routes/mensen._index";
import { db } from "~/utils/db.server";
import { sha256Hex } from "~/utils/crypto.server";
import { getSessionUser } from "~/utils/session.server";
import { buildRequest, createOrganisation, createUser, signedInRequest, TEST_PASSWORD } from "../factories";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

const outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-invite-"));
beforeAll(() => {
  setTestEnv({ MAIL_TRANSPORT: "file", MAIL_OUTBOX_DIR: outbox });
});
afterAll(() => rmSync(outbox, { recursive: true, force: true }));

/** The invitation link in the last e-mail to `to` (the JSON sidecar of the file transport). */
function invitationLinkFor(to: string): string {
  const mails = readdirSync(outbox)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(outbox, f), "utf8")) as { to: string[] | string; text: string; subject: string })
    .filter((m) => JSON.stringify(m.to).includes(to));
  const text = mails.at(-1)?.text ?? "";
  const match = /https?:\/\/\S+\/uitnodiging\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no invitation mail for ${to}`);
  return match[1]!;
}

async function school() {
  const org = await createOrganisation("school", "VBS De Kleine Prins");
  const directie = await createUser([{ organisationId: org.id, role: "directie" }]);
  return { org, directie };
}

async function invite(userId: string, form: Record<string, string>) {
  return callRoute(peopleRoute.action, await signedInRequest(userId, "/mensen", { form: { intent: "invite", ...form } }));
}

describe("inviting a colleague", () => {
  it("sends a mail with a one-time link (only the token's SHA-256 stored, 7 days); a new colleague sets name and password", async () => {
    const { org, directie } = await school();
    const email = `nieuw-${Date.now()}@school.example`;
    const result = await invite(directie.id, { organisationId: org.id, email: email.toUpperCase(), role: "zorgcoordinator" });
    expect(result.status).toBe(200);
    expect((result.data as { ok: string }).ok).toContain("Uitnodiging verstuurd");

    const token = invitationLinkFor(email);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const invitation = await db.invitation.findFirstOrThrow({ where: { email } });
    expect(invitation.tokenHash).toBe(sha256Hex(token));
    expect(invitation.tokenHash).not.toContain(token);
    const days = (invitation.expiresAt.getTime() - invitation.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(INVITATION_DAYS, 3);

    const page = await callRoute(invitationRoute.loader, buildRequest(`/uitnodiging/${token}`), { token });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ state: "open", organisation: "VBS De Kleine Prins", role: "Zorgcoördinator", hasAccount: false });

    const bad = await callRoute(
      invitationRoute.action,
      buildRequest(`/uitnodiging/${token}`, { form: { intent: "create", name: "A", password: "kort", passwordConfirm: "anders" } }),
      { token }
    );
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { name: expect.any(String), password: expect.stringContaining("12 tekens") } });
    expect(await db.user.findUnique({ where: { email } })).toBeNull();

    const accepted = await callRoute(
      invitationRoute.action,
      buildRequest(`/uitnodiging/${token}`, {
        form: { intent: "create", name: "Nieuwe Collega", password: "een lange zin als wachtwoord", passwordConfirm: "een lange zin als wachtwoord" },
      }),
      { token }
    );
    expect(accepted.status).toBe(302);
    const cookie = accepted.headers.get("Set-Cookie")!.split(";")[0]!;
    const session = await getSessionUser(buildRequest("/", { cookie }));
    expect(session).toMatchObject({ email, name: "Nieuwe Collega", memberships: [{ organisationId: org.id, role: "zorgcoordinator" }] });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);

    // The link works once.
    const again = await callRoute(invitationRoute.loader, buildRequest(`/uitnodiging/${token}`), { token });
    expect(again.status).toBe(404);
    expect(again.data).toEqual({ state: "unusable" });
  });

  it("an expired, unknown or malformed token gets the same neutral page (404)", async () => {
    const { org, directie } = await school();
    const email = `verlopen-${Date.now()}@school.example`;
    await invite(directie.id, { organisationId: org.id, email, role: "directie" });
    const token = invitationLinkFor(email);
    await db.invitation.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const t of [token, "onbestaand-token-van-genoeg-lengte-1234567890", "x", "<script>"]) {
      const page = await callRoute(invitationRoute.loader, buildRequest(`/uitnodiging/${encodeURIComponent(t)}`), { token: t });
      expect(page.status).toBe(404);
      expect(page.data).toEqual({ state: "unusable" });
    }
    const post = await callRoute(
      invitationRoute.action,
      buildRequest(`/uitnodiging/${token}`, {
        form: { intent: "create", name: "Te Laat", password: "een lange zin als wachtwoord", passwordConfirm: "een lange zin als wachtwoord" },
      }),
      { token }
    );
    expect(post.status).toBe(404);
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });

  it("an existing account accepts after signing in; another signed-in user cannot", async () => {
    const { org, directie } = await school();
    const other = await createOrganisation("school");
    const existing = await createUser([{ organisationId: other.id, role: "directie" }], `bestaand-${Date.now()}@school.example`);
    await invite(directie.id, { organisationId: org.id, email: existing.email, role: "zorgcoordinator" });
    const token = invitationLinkFor(existing.email);

    const anonymous = await callRoute(invitationRoute.loader, buildRequest(`/uitnodiging/${token}`), { token });
    expect(anonymous.data).toMatchObject({ state: "open", hasAccount: true, signedInAs: null });
    const notSignedIn = await callRoute(invitationRoute.action, buildRequest(`/uitnodiging/${token}`, { form: { intent: "accept" } }), { token });
    expect(notSignedIn.status).toBe(302);
    expect(notSignedIn.location).toBe(`/inloggen?redirectTo=${encodeURIComponent(`/uitnodiging/${token}`)}`);
    // Creating a second account for that address is refused.
    const create = await callRoute(
      invitationRoute.action,
      buildRequest(`/uitnodiging/${token}`, { form: { intent: "create", name: "Dubbel", password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD } }),
      { token }
    );
    expect(create.status).toBe(409);

    const wrongUser = await callRoute(invitationRoute.action, await signedInRequest(directie.id, `/uitnodiging/${token}`, { form: { intent: "accept" } }), {
      token,
    });
    expect(wrongUser.status).toBe(403);

    const accepted = await callRoute(invitationRoute.action, await signedInRequest(existing.id, `/uitnodiging/${token}`, { form: { intent: "accept" } }), {
      token,
    });
    expect(accepted.status).toBe(302);
    const memberships = await db.membership.findMany({ where: { userId: existing.id }, orderBy: { createdAt: "asc" } });
    expect(memberships.map((m) => [m.organisationId, m.role])).toEqual([
      [other.id, "directie"],
      [org.id, "zorgcoordinator"],
    ]);
  });

  it("a new invitation replaces the open one; inviting needs the permission and a role that fits", async () => {
    const { org, directie } = await school();
    const email = `twee-${Date.now()}@school.example`;
    await invite(directie.id, { organisationId: org.id, email, role: "directie" });
    const first = invitationLinkFor(email);
    await new Promise((r) => setTimeout(r, 5));
    await invite(directie.id, { organisationId: org.id, email, role: "zorgcoordinator" });
    const second = invitationLinkFor(email);
    expect(second).not.toBe(first);
    expect((await callRoute(invitationRoute.loader, buildRequest(`/uitnodiging/${first}`), { token: first })).status).toBe(404);
    expect((await callRoute(invitationRoute.loader, buildRequest(`/uitnodiging/${second}`), { token: second })).status).toBe(200);

    const wrongRole = await invite(directie.id, { organisationId: org.id, email: "x@school.example", role: "clb_medewerker" });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.data).toMatchObject({ errors: { role: expect.stringContaining("past niet") } });
    const noBeheerder = await invite(directie.id, { organisationId: org.id, email: "y@school.example", role: "beheerder" });
    expect(noBeheerder.status).toBe(400);
    const badEmail = await invite(directie.id, { organisationId: org.id, email: "geen adres", role: "directie" });
    expect(badEmail.status).toBe(400);
    expect(badEmail.data).toMatchObject({ errors: { email: expect.stringContaining("geldig e-mailadres") } });

    const zorg = await createUser([{ organisationId: org.id, role: "zorgcoordinator" }]);
    const forbidden = await invite(zorg.id, { organisationId: org.id, email: "z@school.example", role: "directie" });
    expect(forbidden.status).toBe(403);
    const foreign = await createOrganisation("school");
    expect((await invite(directie.id, { organisationId: foreign.id, email: "q@school.example", role: "directie" })).status).toBe(403);
    expect(await db.invitation.count({ where: { email: { in: ["x@school.example", "y@school.example", "z@school.example", "q@school.example"] } } })).toBe(0);
  });
});
