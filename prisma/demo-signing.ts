import { acceptParty } from "~/domain/agreements/accept-party.server";
import { renewAgreement } from "~/domain/renewal/renew-agreement.server";
import { defaultEvaluationDates } from "~/domain/calendar";
import { addSignatory, confirmSignatory, saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { actsFor, PARTY_STATUS, SIGNATORY_STATUS } from "~/domain/drafting/parties";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { signVersion } from "~/domain/signing/sign-version.server";
import { hashOneTimeCode, newLinkToken } from "~/domain/signing/tokens.server";
import type { VariableDef } from "~/domain/templates/schema";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import type { PrismaClient } from "~/generated/prisma/client";
import type { SessionUser } from "~/domain/access/actor";
import { sessionUserById } from "~/utils/session.server";

// Takes demo drafts through the real flow — fill in, signatories, freeze,
// send, sign — so the demo shows every stage with genuine versions, sealed
// PDFs, commitments and evaluation moments.

const audit = { actorLabel: "demogegevens", ipAddress: null, userAgent: "seed" };

function demoValue(def: VariableDef, schoolYear: string): string {
  const start = Number(schoolYear.slice(0, 4));
  switch (def.type) {
    case "date": {
      // An evaluation date typed into the nota becomes an evaluation moment after signing:
      // the type's own rhythm (January and May for the afsprakennota) keeps the demo's moments ahead.
      if (def.evaluationMoment) {
        const dates = defaultEvaluationDates(schoolYear, "jan-mei").map((d) => d.date);
        return (/eind/i.test(def.evaluationMoment) ? dates.at(-1) : dates[0]) ?? `${start + 1}-01-15`;
      }
      return `${start}-10-15`;
    }
    case "schoolYear":
      return schoolYear;
    case "number":
      return String(def.min ?? 2);
    case "choice":
      return def.options[0]!;
    case "list":
      return "de directie\nde zorgcoördinator";
    case "longtext":
      return "We bespreken dit bij de start van het schooljaar en passen het aan na de evaluatie.";
    case "partyPerson":
      return "de directeur";
    default:
      return "volgens afspraak in het overleg";
  }
}

export type DemoSigner = {
  partyRole: string;
  name: string;
  functionTitle: string;
  email: string;
  /** Signs "namens het schoolbestuur" (named by a member of the party itself). */
  onBehalfOfBoard?: boolean;
  mandate?: string;
};

async function revision(db: PrismaClient, agreementId: string) {
  return (await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision;
}

/** A demo user who may act for the organisation (accept, name its signatories), if it has one. */
export async function memberOf(db: PrismaClient, organisationId: string): Promise<SessionUser | null> {
  const memberships = await db.membership.findMany({ where: { organisationId, active: true }, select: { userId: true }, orderBy: { createdAt: "asc" } });
  for (const { userId } of memberships) {
    const member = await sessionUserById(userId);
    if (member && actsFor(member.memberships, organisationId)) return member;
  }
  return null;
}

/**
 * Fills every open value and adds the signers: the draft becomes complete. As
 * in the app, each party with a demo member accepts and names its own signer;
 * a school without accounts is only proposed a signer and accepts by signing
 * (like the bulk send, see docs/decisions/001-parties-act-for-themselves.md).
 */
export async function completeDraft(db: PrismaClient, user: SessionUser, agreementId: string, signers: DemoSigner[]) {
  const draft = await loadDraft({ user, agreementId });
  const members = new Map<string, SessionUser | null>();
  for (const party of draft.parties) {
    const member = party.own ? user : await memberOf(db, party.organisationId);
    members.set(party.id, member);
    if (member && party.status !== PARTY_STATUS.accepted) await acceptParty({ user: member, agreementId, partyId: party.id, audit });
  }
  const raw: Record<string, string> = {};
  for (const v of draft.variables) {
    const value = draft.values[v.name];
    if (value === undefined || value === null) raw[v.name] = demoValue(v, draft.agreement.schoolYear);
  }
  const saved = await saveDraftValues({ user, agreementId, revision: await revision(db, agreementId), raw, audit });
  if (!saved.ok) throw new Error(`demo values refused: ${JSON.stringify(saved.errors)}`);
  for (const signer of signers) {
    const party = draft.parties.find((p) => p.partyRole === signer.partyRole);
    if (!party) continue;
    await addSignatory({
      user: members.get(party.id) ?? user,
      agreementId,
      revision: await revision(db, agreementId),
      audit,
      input: {
        partyId: party.id,
        name: signer.name,
        functionTitle: signer.functionTitle,
        email: signer.email,
        kind: "signer",
        ...(signer.onBehalfOfBoard ? { onBehalfOfBoard: "on" as const, mandate: signer.mandate } : {}),
      },
    });
  }
}

/** Freezes a complete draft and sends it for signing; returns the version. */
export async function freezeAndSend(db: PrismaClient, user: SessionUser, agreementId: string) {
  const acceptBySigning = (await db.agreementParty.count({ where: { agreementId, status: PARTY_STATUS.invited } })) > 0;
  const version = await freezeDraft({ user, agreementId, revision: await revision(db, agreementId), audit, acceptBySigning });
  await sendForSigning({ user, agreementId, versionId: version.id, audit, acceptBySigning });
  return version;
}

/**
 * Signs every open request of the version as its signatory would: the seed
 * issues the link token and one-time code itself (it owns the database), then
 * goes through signVersion like the signing page does.
 */
export async function signAll(db: PrismaClient, versionId: string) {
  for (let round = 0; round < 10; round++) {
    const open = await db.signingRequest.findMany({ where: { versionId, status: "verstuurd" }, include: { signatory: true } });
    if (open.length === 0) return;
    for (const request of open) {
      const { token, tokenHash } = newLinkToken();
      const code = "246810";
      await db.signingRequest.update({
        where: { id: request.id },
        data: { tokenHash, otpHash: hashOneTimeCode(request.id, code), otpExpiresAt: new Date(Date.now() + 10 * 60_000), otpAttempts: 0 },
      });
      await signVersion({ token, code, consent: true, fullName: request.signatory.name, drawnSignature: null, audit });
    }
  }
}

/** Renews the agreement; the other parties' demo members accept and confirm last year's signatories, so both sides can edit. */
export async function renewDemo(db: PrismaClient, user: SessionUser, agreementId: string) {
  const renewed = await renewAgreement({ user, agreementId, audit });
  for (const party of renewed.parties) {
    const member = party.status === PARTY_STATUS.invited ? await memberOf(db, party.organisationId) : null;
    if (!member) continue;
    await acceptParty({ user: member, agreementId: renewed.id, partyId: party.id, audit });
    const proposals = await db.signatory.findMany({ where: { agreementId: renewed.id, partyId: party.id, status: SIGNATORY_STATUS.proposed } });
    for (const proposal of proposals) {
      await confirmSignatory({ user: member, agreementId: renewed.id, revision: await revision(db, renewed.id), audit, signatoryId: proposal.id });
    }
  }
  return renewed;
}
