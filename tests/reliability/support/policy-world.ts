// The world of the policy table (matrix-routes.test.ts): the demo world plus a
// second brugfiguren service, a second CLB and a second school, each with a
// member, and agreements between them that no demo role is party to; and
// fresh agreements made on demand for a request that is allowed to change
// them (freeze, send, archive, amend, renew). Every party names its own
// signatories (completeDraft in world.ts).
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { addCommitment } from "~/domain/commitments/commitments.server";
import { addSignatory } from "~/domain/drafting/edit-draft.server";
import { scheduleEvaluationMoments } from "~/domain/evaluation/schedule-evaluations.server";
import { enqueueMessage } from "~/domain/reminders/outbox.server";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import { db } from "~/utils/db.server";
import { sessionUserFor } from "../../factories/versions";
import { audit, completeDraft, demoEmail, drafterOf, type World } from "./world";

/** The two pairs of organisations the demo roles work in. */
export type Pair = "school-clb" | "brug-school";
export type Stage = "draft" | "frozen" | "signed";

export type PartyFixture = { partyId: string; organisationId: string; signatoryId: string; commitmentId: string };
export type AgreementFixture = {
  id: string;
  parties: PartyFixture[];
  clauseId: string;
  momentId: string;
  versionId: string | null;
};

export const SECOND = {
  service: { name: "Brugfiguren Waasland (tweede dienst)", kind: "brugfiguren", member: "coordinator@waasland.reliability.example", role: "coordinator" },
  clb: { name: "CLB Tweede Lijn", kind: "clb", member: "clb@tweede-lijn.reliability.example", role: "clb_medewerker" },
  school: { name: "Basisschool Elders", kind: "school", member: "directie@elders.reliability.example", role: "directie" },
} as const;

/** Written by the second service in its intake of a school: no other service may ever read it. */
export const SECOND_SERVICE_NOTE = "Notitie-van-Waasland-7f3a: alleen voor de tweede dienst";
/** The subject of a mail between the second organisations: no demo beheerder may see it. */
export const FOREIGN_MAIL_SUBJECT = "Herinnering Basisschool Elders 5c1d";

export type PolicyWorld = World & {
  second: { serviceId: string; clbId: string; schoolId: string };
  /** The demo roles' own agreements (drafts with a signatory, a commitment and a moment per party). */
  shared: Record<Pair, AgreementFixture>;
  /** Agreements between the second organisations: no demo role is party to them. */
  foreign: Record<Pair, AgreementFixture>;
  /** A school only the second service works with (and wrote an intake for). */
  secondServiceSchool: string;
};

async function organisationWithMember(spec: (typeof SECOND)[keyof typeof SECOND]) {
  const template = await db.user.findUniqueOrThrow({ where: { email: demoEmail("directie") }, select: { passwordHash: true } });
  const organisation = await db.organisation.create({ data: { kind: spec.kind, name: spec.name, municipality: "Temse", street: "Tweedestraat 2", postalCode: "9140" } });
  await db.user.create({
    data: { email: spec.member, name: `Lid ${spec.name}`, passwordHash: template.passwordHash, memberships: { create: { organisationId: organisation.id, role: spec.role } } },
  });
  return organisation.id;
}

const orgId = async (name: string) => (await db.organisation.findFirstOrThrow({ where: { name }, select: { id: true } })).id;

/** Who creates an agreement of each pair, with which counterpart and type. */
async function pairSpec(pair: Pair, second: boolean) {
  if (pair === "school-clb") {
    return second
      ? { documentType: "afsprakennota" as const, creator: SECOND.clb.member, counterpart: await orgId(SECOND.school.name) }
      : { documentType: "afsprakennota" as const, creator: demoEmail("clb_medewerker"), counterpart: await orgId("VBS De Wereldreiziger") };
  }
  return second
    ? { documentType: "engagementsverklaring-brugfiguren" as const, creator: SECOND.service.member, counterpart: await orgId(SECOND.school.name) }
    : { documentType: "engagementsverklaring-brugfiguren" as const, creator: demoEmail("coordinator"), counterpart: await orgId("GO! Atheneum Waasrand") };
}

let freshCount = 0;

/** How a counterparty accepts to be a party (set by the test: through the app, whatever its rules). */
let acceptAsParty: ((agreementId: string, partyId: string, memberEmail: string) => Promise<void>) | null = null;
export function setCounterpartyAcceptance(accept: typeof acceptAsParty) {
  acceptAsParty = accept;
}

/**
 * A new agreement of the pair: complete, one signatory per party (named by its
 * own member), evaluation moments, a commitment borne by each party; frozen as
 * version 1 ("frozen") or signed ("signed") when asked.
 */
export async function freshAgreement(pair: Pair, stage: Stage, options: { second?: boolean; schoolYear: string }): Promise<AgreementFixture> {
  const spec = await pairSpec(pair, options.second ?? false);
  // One agreement per parties, type and school year (a second one is refused): each
  // fresh agreement gets its own later school year, two apart so a renewal's year is free too.
  freshCount += 1;
  const start = Number(options.schoolYear.slice(0, 4)) + 2 * freshCount;
  const schoolYear = `${start}-${start + 1}`;
  const creatorRow = await db.user.findUniqueOrThrow({ where: { email: spec.creator }, include: { memberships: true } });
  const creator = await sessionUserFor(creatorRow.id);
  const agreement = await createAgreement({
    user: creator,
    input: { documentType: spec.documentType, schoolYear, ownOrganisationId: creatorRow.memberships[0]!.organisationId, counterpartOrganisationId: spec.counterpart },
    audit,
  });
  // The counterpart becomes a party only when one of its members accepts.
  for (const party of await db.agreementParty.findMany({ where: { agreementId: agreement.id, organisationId: spec.counterpart } })) {
    const member = await drafterOf(party.organisationId);
    await acceptAsParty?.(agreement.id, party.id, member.email);
  }
  await completeDraft(agreement.id, spec.creator);
  await scheduleEvaluationMoments(db, agreement.id, { today: `${start}-09-01` });
  const parties = await db.agreementParty.findMany({ where: { agreementId: agreement.id }, orderBy: { position: "asc" } });
  const fixtures: PartyFixture[] = [];
  for (const party of parties) {
    const member = await drafterOf(party.organisationId);
    const commitment = await addCommitment({
      user: member,
      agreementId: agreement.id,
      input: { what: `Een afspraak van ${party.id}`, cadence: "eenmalig", bearerPartyId: party.id } as never,
      audit,
    });
    const signatory = await db.signatory.findFirstOrThrow({ where: { agreementId: agreement.id, partyId: party.id }, select: { id: true } });
    fixtures.push({ partyId: party.id, organisationId: party.organisationId, signatoryId: signatory.id, commitmentId: commitment.id });
  }
  let versionId: string | null = null;
  if (stage !== "draft") {
    const version = await freezeDraft({ user: creator, agreementId: agreement.id, revision: (await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).draftRevision, audit });
    versionId = version.id;
    if (stage === "signed") {
      // As if every signatory signed: what amend and renew start from.
      await db.agreementVersion.update({ where: { id: version.id }, data: { status: "ondertekend" } });
      await db.agreement.update({ where: { id: agreement.id }, data: { status: "ondertekend" } });
    }
  }
  const clause = await db.draftClause.findFirstOrThrow({ where: { agreementId: agreement.id }, orderBy: [{ section: "asc" }, { position: "asc" }], select: { id: true } });
  const moment = await db.evaluationMoment.findFirstOrThrow({ where: { agreementId: agreement.id }, orderBy: { date: "asc" }, select: { id: true } });
  return { id: agreement.id, parties: fixtures, clauseId: clause.id, momentId: moment.id, versionId };
}

/** A signatory for `partyId` named by `byEmail`'s organisation (a proposal when that is not the party). */
export async function addSignatoryAs(byEmail: string, agreementId: string, partyId: string, email: string) {
  const userRow = await db.user.findUniqueOrThrow({ where: { email: byEmail } });
  const revision = (await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision;
  const signatory = await addSignatory({
    user: await sessionUserFor(userRow.id),
    agreementId,
    revision,
    audit,
    input: { partyId, name: "Voorgestelde Ondertekenaar", functionTitle: "directeur", email, kind: "signer" },
  });
  return signatory.id;
}

/** The demo world, the second organisations and the agreements of the policy table. */
export async function preparePolicyWorld(world: World): Promise<PolicyWorld> {
  const second = {
    serviceId: await organisationWithMember(SECOND.service),
    clbId: await organisationWithMember(SECOND.clb),
    schoolId: await organisationWithMember(SECOND.school),
  };
  const schoolYear = world.schoolYear;
  const shared = {
    "school-clb": await freshAgreement("school-clb", "draft", { schoolYear }),
    "brug-school": await freshAgreement("brug-school", "draft", { schoolYear }),
  };
  const foreign = {
    "school-clb": await freshAgreement("school-clb", "draft", { schoolYear, second: true }),
    "brug-school": await freshAgreement("brug-school", "draft", { schoolYear, second: true }),
  };
  // A mail between the second organisations, in the outbox a beheerder reads.
  await enqueueMessage(db, {
    idempotencyKey: `policy:foreign-mail:${second.schoolId}`,
    kind: "reminder",
    recipient: SECOND.school.member,
    subject: FOREIGN_MAIL_SUBJECT,
    text: "Een herinnering voor de tweede school.",
    html: "<p>Een herinnering voor de tweede school.</p>",
    dueAt: new Date(Date.now() + 365 * 24 * 3_600_000),
  });
  return { ...world, second, shared, foreign, secondServiceSchool: second.schoolId };
}
