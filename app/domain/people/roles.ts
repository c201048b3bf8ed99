// Which roles a member of each kind of organisation can have, and the form
// schemas of the people pages. Pure: shared by browser and server.
import { z } from "zod";
import { ROLES, type OrganisationKind, type Role } from "~/domain/organisations/kinds";

export const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  school: ["directie", "zorgcoordinator", "beheerder"],
  clb: ["clb_medewerker", "clb_directeur", "beheerder"],
  brugfiguren: ["coordinator", "brugfiguur", "beheerder"],
  lokaal_bestuur: ["coordinator", "beheerder"],
  // A welfare partner drafts and signs for itself in a samenwerkingsovereenkomst: it needs a drafting role.
  welzijnspartner: ["coordinator", "brugfiguur", "beheerder"],
};

/**
 * The role of the first member of an organisation invited as a party (who also
 * becomes its beheerder): the role that accepts, drafts and names signatories for it.
 */
export const FIRST_MEMBER_ROLE: Record<OrganisationKind, Role> = {
  school: "directie",
  clb: "clb_directeur",
  brugfiguren: "coordinator",
  lokaal_bestuur: "coordinator",
  welzijnspartner: "coordinator",
};

export function rolesFor(kind: string): readonly Role[] {
  return ROLES_BY_KIND[kind as OrganisationKind] ?? ["beheerder"];
}

export const INVITATION_DAYS = 7;
export const PASSWORD_MIN_LENGTH = 12;

const id = z.string({ required_error: "Ongeldig formulier." }).trim().min(1, "Ongeldig formulier.").max(100, "Ongeldig formulier.");
const role = z.enum(ROLES, { errorMap: () => ({ message: "Kies een rol." }) });

export const InviteSchema = z.object({
  organisationId: id,
  email: z
    .string({ required_error: "Vul het e-mailadres in." })
    .trim()
    .toLowerCase()
    .max(254, "Dit e-mailadres is te lang.")
    .email("Vul een geldig e-mailadres in, zoals naam@school.be."),
  role,
});
export type InviteInput = z.infer<typeof InviteSchema>;

export const ChangeRoleSchema = z.object({ membershipId: id, role });
export const MembershipSchema = z.object({ membershipId: id });

export const NewAccountSchema = z
  .object({
    name: z.string({ required_error: "Vul uw naam in." }).trim().min(2, "Vul uw voornaam en naam in.").max(120, "Uw naam is te lang (hoogstens 120 tekens)."),
    password: z
      .string({ required_error: "Kies een wachtwoord." })
      .min(PASSWORD_MIN_LENGTH, `Kies een wachtwoord van minstens ${PASSWORD_MIN_LENGTH} tekens.`)
      .max(200, "Dit wachtwoord is te lang."),
    passwordConfirm: z.string({ required_error: "Typ het wachtwoord nog een keer." }).max(200, "Dit wachtwoord is te lang."),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ["passwordConfirm"], message: "De twee wachtwoorden zijn niet gelijk." });
export type NewAccountInput = z.infer<typeof NewAccountSchema>;
