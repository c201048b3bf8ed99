import type { Role } from "~/domain/organisations/kinds";

// What a membership may do. Deny by default: a permission not listed for a
// role is refused. Routes ask this module; they never check roles themselves.
// Within an agreement a membership acts only for its own party
// (domain/drafting/parties.ts): accepting the invitation, naming, confirming
// and removing that party's signatories need "agreement:edit" in that
// organisation, and drafting steps need a party that accepted.

export type Permission =
  | "agreement:read"
  | "agreement:create"
  | "agreement:edit"
  | "agreement:delete"
  | "agreement:send"
  | "agreement:evaluate"
  | "organisation:manage-members"
  | "organisation:onboard-schools"
  | "organisation:partner-schools"
  | "organisation:edit-details"
  | "organisation:logo"
  | "organisation:board"
  | "organisation:days-off"
  | "admin:outbox";

const DRAFTERS: readonly Role[] = ["directie", "zorgcoordinator", "clb_medewerker", "clb_directeur", "coordinator"];

const RULES: Record<Permission, readonly Role[]> = {
  "agreement:read": ["directie", "zorgcoordinator", "clb_medewerker", "clb_directeur", "brugfiguur", "coordinator", "beheerder"],
  "agreement:create": DRAFTERS,
  "agreement:edit": DRAFTERS,
  "agreement:delete": ["directie", "clb_medewerker", "clb_directeur", "coordinator"],
  "agreement:send": ["directie", "clb_medewerker", "clb_directeur", "coordinator"],
  "agreement:evaluate": ["directie", "zorgcoordinator", "clb_medewerker", "clb_directeur", "brugfiguur", "coordinator"],
  "organisation:manage-members": ["beheerder", "directie", "clb_directeur", "coordinator"],
  // A brugfiguren service's coordinator onboards schools (intake, import, bulk send).
  "organisation:onboard-schools": ["coordinator"],
  // A partner's own list of schools ("Onze scholen": see, add, remove a link):
  // the service's or city's coordinator and the CLB's staff, each for their own
  // organisation only (domain/onboarding/service-schools.server.ts).
  "organisation:partner-schools": ["coordinator", "clb_medewerker", "clb_directeur"],
  // An organisation's master data (a school's name and address) is changed by
  // the organisation itself. Akkoord has no platform-wide role: "beheerder" is
  // always the beheerder OF one organisation, so the "platform beheerder" of a
  // school's data is that school's own beheerder. Everyone else (a service's
  // coordinator) may only re-read Onderwijs Vlaanderen.
  "organisation:edit-details": ["directie", "beheerder"],
  // The logo on the cover of the organisation's sealed agreements: its beheerder only.
  "organisation:logo": ["beheerder"],
  // The board behind a school or CLB (its name and number): that organisation's beheerder only.
  "organisation:board": ["beheerder"],
  // The organisation's own days off (studiedagen, exam periods): any member of
  // that organisation knows them and may enter them; they only move reminders
  // and evaluation moments (each move is audited). Nobody outside it may.
  "organisation:days-off": ["directie", "zorgcoordinator", "clb_medewerker", "clb_directeur", "brugfiguur", "coordinator", "beheerder"],
  "admin:outbox": ["beheerder"],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return RULES[permission]?.includes(role) ?? false;
}

/** The roles that hold the permission (for scoping a query by the acting user's memberships). */
export function rolesAllowing(permission: Permission): Role[] {
  return [...(RULES[permission] ?? [])];
}

export type MembershipLike = { organisationId: string; role: Role };

/**
 * True when one of the memberships allows the permission — within the given
 * organisations when `organisationIds` is passed (e.g. the parties of an agreement).
 */
export function membershipsAllow(
  memberships: readonly MembershipLike[],
  permission: Permission,
  organisationIds?: readonly string[],
): boolean {
  return memberships.some(
    (m) =>
      (organisationIds === undefined || organisationIds.includes(m.organisationId)) &&
      roleAllows(m.role, permission),
  );
}

/** The organisations in which the memberships allow the permission. */
export function organisationsAllowing(
  memberships: readonly MembershipLike[],
  permission: Permission,
): string[] {
  return [...new Set(memberships.filter((m) => roleAllows(m.role, permission)).map((m) => m.organisationId))];
}
