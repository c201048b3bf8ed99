// The vocabulary of organisations and roles. Stored as strings in SQLite;
// these lists are the single source of the allowed values and their Dutch labels.

export const ORGANISATION_KINDS = [
  "school",
  "clb",
  "brugfiguren",
  "lokaal_bestuur",
  "welzijnspartner",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  school: "School",
  clb: "CLB",
  brugfiguren: "Brugfigurenwerking",
  lokaal_bestuur: "Lokaal bestuur",
  welzijnspartner: "Welzijnspartner",
};

export const ROLES = [
  "directie",
  "zorgcoordinator",
  "clb_medewerker",
  "clb_directeur",
  "brugfiguur",
  "coordinator",
  "beheerder",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  directie: "Directie",
  zorgcoordinator: "Zorgcoördinator",
  clb_medewerker: "CLB-medewerker",
  clb_directeur: "CLB-directeur",
  brugfiguur: "Brugfiguur",
  coordinator: "Coördinator",
  beheerder: "Beheerder",
};
