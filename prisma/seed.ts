import { acceptParty } from "~/domain/agreements/accept-party.server";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { addParty } from "~/domain/agreements/manage-parties.server";
import { nameAgreementContact, setSchoolContact } from "~/domain/people/agreement-contacts.server";
import type { CreateAgreementInput } from "~/domain/agreements/schemas";
import { schoolYearOf } from "~/domain/calendar";
import { linkExistingSchool } from "~/domain/onboarding/add-school.server";
import type { PrismaClient } from "~/generated/prisma/client";
import type { SessionUser } from "~/domain/access/actor";
import { sessionUserById } from "~/utils/session.server";
import { installationMode } from "~/utils/env.server";
import { hashPassword } from "~/utils/password.server";
import { DEMO_ANKERFIGUREN, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS, type DemoOrganisationKey } from "./demo-data";
import { completeDraft, freezeAndSend, renewDemo, signAll, type DemoSigner } from "./demo-signing";

/** The parties the service adds to the city's samenwerkingsovereenkomst, after the city. */
const SSO_ADDED_PARTIES = ["wereldreiziger", "reynaert", "zonnewijzer", "welzijn", "buurtwerk", "clbVrij"] as const;
/** Who accepts for each invited party of it: a member who may draft for that organisation. */
const SSO_ACCEPTED_BY: Partial<Record<DemoOrganisationKey, string>> = {
  stad: "stad@akkoord.example",
  wereldreiziger: "directie@akkoord.example",
  reynaert: "reynaert@akkoord.example",
  zonnewijzer: "zonnewijzer@akkoord.example",
  welzijn: "welzijn@akkoord.example",
  buurtwerk: "buurtwerk@akkoord.example",
  clbVrij: "clb@akkoord.example",
};

/** Creates the demo setting. Does nothing when organisations already exist. */
export async function seedDemo(db: PrismaClient, today = new Date()): Promise<boolean> {
  if ((await db.organisation.count()) > 0) return false;

  const ids = new Map<DemoOrganisationKey, { id: string; name: string }>();
  const clbOf = (key: DemoOrganisationKey) => DEMO_ORGANISATIONS.find((o) => o.key === key) as { name: string; instellingsnummer: string };
  for (const org of DEMO_ORGANISATIONS) {
    const created = await db.organisation.create({
      data: {
        kind: org.kind,
        name: org.name,
        instellingsnummer: "instellingsnummer" in org ? org.instellingsnummer : null,
        boardName: "boardName" in org ? org.boardName : null,
        boardNumber: "boardNumber" in org ? org.boardNumber : null,
        educationLevel: "educationLevel" in org ? org.educationLevel : null,
        onderwijsnet: "onderwijsnet" in org ? org.onderwijsnet : null,
        clbInstellingsnummer: "clb" in org ? clbOf(org.clb).instellingsnummer : null,
        clbName: "clb" in org ? clbOf(org.clb).name : null,
        street: org.street,
        postalCode: org.postalCode,
        municipality: org.municipality,
      },
    });
    ids.set(org.key, { id: created.id, name: created.name });
  }
  const org = (key: DemoOrganisationKey) => ids.get(key)!;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, string>();
  for (const user of DEMO_USERS) {
    const created = await db.user.create({
      data: {
        email: user.email,
        name: user.name,
        passwordHash,
        memberships: {
          create: user.memberships.map((m) => ({
            organisationId: org(m.org).id,
            role: m.role,
            functionTitle: m.functionTitle,
          })),
        },
      },
    });
    users.set(user.email, created.id);
  }

  for (const person of DEMO_ANKERFIGUREN) {
    await db.user.create({
      data: {
        email: person.email,
        name: person.name,
        passwordHash,
        memberships: { create: { organisationId: org("clbVrij").id, role: "clb_medewerker", functionTitle: "ankerfiguur" } },
      },
    });
  }

  const year = schoolYearOf(today.toISOString().slice(0, 10));
  const sessionUser = async (email: string): Promise<SessionUser> =>
    sessionUserById((await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id);
  const draft = async (
    email: string,
    documentType: CreateAgreementInput["documentType"],
    schoolYear: string,
    own: DemoOrganisationKey,
    counterpart?: DemoOrganisationKey,
  ) =>
    createAgreement({
      user: await sessionUser(email),
      input: {
        documentType,
        schoolYear,
        ownOrganisationId: org(own).id,
        counterpartOrganisationId: counterpart ? org(counterpart).id : undefined,
        // The demo's agreements show the full set of clauses (and the renewal carries over
        // its commitments); a new afsprakennota starts from the short nota.
        clauseSet: "volledig",
      },
      audit: { actorLabel: "demogegevens" },
    });

  const clbUser = await sessionUser("clb@akkoord.example");
  const coordinator = await sessionUser("coordinator@akkoord.example");
  const schoolSigner = (key: DemoOrganisationKey): DemoSigner =>
    key === "wereldreiziger"
      ? // The directeur signs on behalf of the school's board (vzw Katholiek Onderwijs Zuid), with her mandate.
        { partyRole: "school", name: "Els Vermeulen", functionTitle: "directeur", email: "directie@akkoord.example", onBehalfOfBoard: true, mandate: "gemandateerd door de raad van bestuur" }
      : { partyRole: "school", name: `Directie ${org(key).name}`, functionTitle: "directeur", email: `directie.${key}@akkoord.example` };
  const clbSigner: DemoSigner = { partyRole: "clb", name: "Koen Van Damme", functionTitle: "CLB-directeur", email: "clb-directeur@akkoord.example" };
  const brugSigner: DemoSigner = { partyRole: "brugfiguren", name: "Pieter Goossens", functionTitle: "coördinator brugfiguren", email: "coordinator@akkoord.example" };

  // Afsprakennota's of the Vrij CLB with its schools: seven signed, one waiting
  // for signatures, one still a concept; the first is renewed for next year
  // (the other signed ones are there for the "Volgend schooljaar" board).
  // The Vrij CLB's list of schools ("Onze scholen"), as its medewerker adds them: fifteen, six without a nota;
  // each with its ankerfiguur (named in the school's nota when the CLB drafts it).
  const vrijSchools = DEMO_ORGANISATIONS.filter((o) => o.kind === "school" && "clb" in o && o.clb === "clbVrij");
  for (const school of vrijSchools) await linkExistingSchool({ user: clbUser, schoolId: org(school.key).id, audit: { actorLabel: "demogegevens" } });
  for (const school of vrijSchools) {
    const ankerfiguur = DEMO_ANKERFIGUREN.find((a) => a.schools.includes(school.key))?.email ?? "clb@akkoord.example";
    await setSchoolContact({
      user: clbUser,
      partnerId: org("clbVrij").id,
      schoolId: org(school.key).id,
      contactUserId: (await db.user.findUniqueOrThrow({ where: { email: ankerfiguur } })).id,
      audit: { actorLabel: "demogegevens" },
    });
  }
  const notas = new Map<DemoOrganisationKey, string>();
  for (const school of vrijSchools.filter((o) => !("noNota" in o))) {
    notas.set(school.key, (await draft("clb@akkoord.example", "afsprakennota", year, "clbVrij", school.key)).id);
  }
  for (const key of ["wereldreiziger", "klavertje", "reynaert", "knipoog", "kleineprins", "boomgaard", "vlindertuin", "sterrenhemel"] as const) {
    await completeDraft(db, clbUser, notas.get(key)!, [schoolSigner(key), clbSigner]);
    const version = await freezeAndSend(db, clbUser, notas.get(key)!);
    if (key !== "reynaert") await signAll(db, version.id);
  }
  await renewDemo(db, clbUser, notas.get("wereldreiziger")!);

  // Engagementsverklaringen with the brugfiguren service: signed, sent, concept.
  const engagements = new Map<string, string>();
  const brugfiguur = (await db.user.findUniqueOrThrow({ where: { email: "brugfiguur@akkoord.example" } })).id;
  for (const school of ["wereldreiziger", "klavertje", "waasrand"] as const) {
    const agreement = await draft("coordinator@akkoord.example", "engagementsverklaring-brugfiguren", year, "brug", school);
    engagements.set(school, agreement.id);
    // The service names Sara Claes as its brugfiguur for the school.
    const partyId = agreement.parties.find((p) => p.organisationId === org("brug").id)!.id;
    await nameAgreementContact({ user: coordinator, agreementId: agreement.id, input: { partyId, contactRole: "brugfiguur", userId: brugfiguur }, audit: { actorLabel: "demogegevens" } });
  }
  for (const key of ["klavertje", "wereldreiziger"] as const) {
    await completeDraft(db, coordinator, engagements.get(key)!, [schoolSigner(key), brugSigner]);
    const version = await freezeAndSend(db, coordinator, engagements.get(key)!);
    if (key === "klavertje") await signAll(db, version.id);
  }
  // The school's engagementsverklaring towards parents.
  await draft("directie@akkoord.example", "engagementsverklaring-ouders", year, "wereldreiziger");
  // The city's samenwerkingsovereenkomst, made through the real flow: the service drafts
  // it with the city, adds three schools, two welfare partners and the CLB, and a
  // member of each party accepts for it (eight parties).
  const sso = await draft("coordinator@akkoord.example", "samenwerkingsovereenkomst", year, "brug", "stad");
  for (const key of SSO_ADDED_PARTIES) {
    const { draftRevision } = await db.agreement.findUniqueOrThrow({ where: { id: sso.id }, select: { draftRevision: true } });
    await addParty({ user: coordinator, agreementId: sso.id, revision: draftRevision, organisationId: org(key).id, audit: { actorLabel: "demogegevens" }, now: today });
  }
  for (const party of await db.agreementParty.findMany({ where: { agreementId: sso.id, status: "uitgenodigd" }, orderBy: { position: "asc" } })) {
    const key = DEMO_ORGANISATIONS.find((o) => org(o.key).id === party.organisationId)!.key;
    await acceptParty({ user: await sessionUser(SSO_ACCEPTED_BY[key]!), agreementId: sso.id, partyId: party.id, audit: { actorLabel: "demogegevens" }, now: today });
  }
  return true;
}

// `tsx prisma/seed.ts`: seed the database named by DATABASE_URL when it is empty.
if (import.meta.url === `file://${process.argv[1]}`) {
  // A real installation never gets demo data (issue 19).
  if (installationMode() === "productie") {
    console.error("AKKOORD_MODE=productie: geen demogegevens in een echte installatie.");
    process.exit(1);
  }
  const { db } = await import("~/utils/db.server");
  const seeded = await seedDemo(db);
  console.log(seeded ? "Demogegevens aangemaakt." : "De databank bevat al gegevens; niets gewijzigd.");
  await db.$disconnect();
}
