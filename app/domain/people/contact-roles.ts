// The roles a named contact person has in an agreement (decision record 003).
// Pure vocabulary: pages, the defaults and the naming of contacts read it.

export const CONTACT_ROLES = ["ankerfiguur", "brugfiguur", "zorgcoordinator", "coordinator", "contactpersoon"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  ankerfiguur: "Ankerfiguur",
  brugfiguur: "Brugfiguur",
  zorgcoordinator: "Zorgcoördinator",
  coordinator: "Coördinator",
  contactpersoon: "Contactpersoon",
};
