import { randomUUID } from "node:crypto";
import type { OrganisationKind, Role } from "~/domain/organisations/kinds";
import { db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { createUserSession } from "~/utils/session.server";

export const TEST_PASSWORD = "Een-goed-wachtwoord-1";
let passwordHash: Promise<string> | undefined;

const unique = () => randomUUID().slice(0, 8);

export async function createOrganisation(kind: OrganisationKind = "school", name?: string) {
  return db.organisation.create({
    data: { kind, name: name ?? `${kind} ${unique()}`, municipality: "Sint-Niklaas" },
  });
}

export async function createUser(memberships: Array<{ organisationId: string; role: Role }>, email?: string) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return db.user.create({
    data: {
      email: email ?? `user-${unique()}@test.example`,
      name: `Gebruiker ${unique()}`,
      passwordHash: await passwordHash,
      memberships: { create: memberships },
    },
  });
}

export async function createAgreementBetween(
  school: { id: string },
  clb: { id: string },
  overrides: { status?: string; title?: string } = {},
) {
  return db.agreement.create({
    data: {
      documentType: "afsprakennota",
      title: overrides.title ?? `Afsprakennota ${unique()}`,
      schoolYear: "2026-2027",
      status: overrides.status ?? "concept",
      parties: {
        create: [
          // Both organisations already accepted (createAgreement leaves the counterpart invited).
          { organisationId: school.id, partyRole: "school", position: 0, status: "aanvaard" },
          { organisationId: clb.id, partyRole: "clb", position: 1, status: "aanvaard" },
        ],
      },
    },
  });
}

/** Links a school to a brugfiguren service (its own link and intake), as onboarding does. */
export async function linkSchool(serviceId: string, schoolId: string, intakeNotes: string | null = null) {
  return db.serviceSchool.create({ data: { serviceId, schoolId, source: "manueel", intakeNotes } });
}

/** A Request carrying the session cookie of a freshly signed-in user. */
export async function signedInRequest(
  userId: string,
  url: string,
  init: { method?: string; form?: Record<string, string | string[]> } = {},
): Promise<Request> {
  const setCookie = await createUserSession(userId, new Request("http://localhost/"));
  const cookie = setCookie.split(";")[0]!;
  return buildRequest(url, { ...init, cookie });
}

export function buildRequest(
  url: string,
  init: { method?: string; form?: Record<string, string | string[]>; cookie?: string } = {},
): Request {
  const headers = new Headers();
  if (init.cookie) headers.set("Cookie", init.cookie);
  let body: URLSearchParams | undefined;
  if (init.form) {
    body = new URLSearchParams();
    for (const [key, value] of Object.entries(init.form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(new URL(url, "http://localhost").toString(), {
    method: init.method ?? (init.form ? "POST" : "GET"),
    headers,
    body,
  });
}
