import { addSignatory, saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { acceptParty } from "~/domain/agreements/accept-party.server";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import type { VariableDef } from "~/domain/templates/schema";
import { syncCommitmentsFromVersion } from "~/domain/commitments/sync-commitments.server";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser } from "./index";
import { sessionUserFor } from "./versions";

const audit = { ipAddress: "127.0.0.1", userAgent: "vitest" };

export { sessionUserFor } from "./versions";

export function sampleRaw(v: Pick<VariableDef, "type"> & { options?: string[] }): string {
  switch (v.type) {
    case "date":
      return "15/01/2027";
    case "schoolYear":
      return "2026-2027";
    case "number":
      return "3";
    case "choice":
      return v.options![0]!;
    case "list":
      return "eerste punt\ntweede punt";
    case "longtext":
      return "Een korte uitleg in gewone taal.";
    default:
      return "Ingevulde waarde";
  }
}

/**
 * A complete afsprakennota draft (all values, one signatory per party), ready
 * to freeze: drafted by a CLB member; a member of the school accepted and named
 * the school's signatory itself.
 */
export async function createCompleteDraft() {
  const school = await createOrganisation("school", "VBS De Wereldreiziger");
  const clb = await createOrganisation("clb", "CLB Waasland");
  const userRow = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  const user = await sessionUserFor(userRow.id);
  const agreement = await createAgreement({
    user,
    input: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id },
    audit,
  });
  const revision = async () => (await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).draftRevision;
  const schoolUserRow = await createUser([{ organisationId: school.id, role: "directie" }]);
  const schoolUser = await sessionUserFor(schoolUserRow.id);
  const schoolParty = agreement.parties.find((p) => p.organisationId === school.id)!;
  await acceptParty({ user: schoolUser, agreementId: agreement.id, partyId: schoolParty.id, audit });
  const draft = await loadDraft({ user, agreementId: agreement.id });
  const raw: Record<string, string> = {};
  for (const v of draft.variables) {
    if (draft.values[v.name] === undefined || draft.values[v.name] === null) raw[v.name] = sampleRaw(v as never);
  }
  const saved = await saveDraftValues({ user, agreementId: agreement.id, revision: await revision(), raw, audit });
  if (!saved.ok) throw new Error(`sample values refused: ${JSON.stringify(saved.errors)}`);
  for (const party of draft.parties) {
    await addSignatory({
      user: party.organisationId === school.id ? schoolUser : user,
      agreementId: agreement.id,
      revision: await revision(),
      audit,
      input: { partyId: party.id, name: `Directeur ${party.name}`, functionTitle: "directeur", email: `dir-${party.id}@test.example`.toLowerCase(), kind: "signer" },
    });
  }
  return { user, userRow, schoolUser, school, clb, agreementId: agreement.id, revision, audit };
}

/** createCompleteDraft, frozen and marked signed (signing itself is tested in the signing suite). */
export async function createSignedAgreement() {
  const setup = await createCompleteDraft();
  const version = await freezeDraft({ user: setup.user, agreementId: setup.agreementId, revision: await setup.revision(), audit: setup.audit });
  await db.$transaction(async (tx) => {
    await tx.agreementVersion.update({ where: { id: version.id }, data: { status: "ondertekend" } });
    await tx.agreement.update({ where: { id: setup.agreementId }, data: { status: "ondertekend" } });
    await syncCommitmentsFromVersion(tx, version.id);
  });
  return { ...setup, version };
}
