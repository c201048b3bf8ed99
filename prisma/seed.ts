import { schoolYearOf, nextSchoolYear } from "~/domain/calendar";
import { DOCUMENT_TYPES, suggestTitle, type DocumentTypeId } from "~/domain/agreements/document-types";
import type { PrismaClient } from "~/generated/prisma/client";
import { hashPassword } from "~/utils/password.server";
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS, type DemoOrganisationKey } from "./demo-data";

/** Creates the demo setting. Does nothing when organisations already exist. */
export async function seedDemo(db: PrismaClient, today = new Date()): Promise<boolean> {
  if ((await db.organisation.count()) > 0) return false;

  const ids = new Map<DemoOrganisationKey, { id: string; name: string }>();
  for (const org of DEMO_ORGANISATIONS) {
    const created = await db.organisation.create({
      data: {
        kind: org.kind,
        name: org.name,
        instellingsnummer: "instellingsnummer" in org ? org.instellingsnummer : null,
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

  const year = schoolYearOf(today.toISOString().slice(0, 10));
  const agreement = async (
    type: DocumentTypeId,
    schoolYear: string,
    parties: Array<[string, DemoOrganisationKey]>,
    status: string,
    createdBy: string,
  ) => {
    const title = suggestTitle(type, schoolYear, parties.map(([, key]) => org(key).name));
    await db.agreement.create({
      data: {
        documentType: type,
        title,
        schoolYear,
        yearCount: DOCUMENT_TYPES[type].yearCount,
        status,
        createdById: users.get(createdBy) ?? null,
        parties: {
          create: parties.map(([partyRole, key], position) => ({ organisationId: org(key).id, partyRole, position })),
        },
        auditEvents: {
          create: { action: "agreement.created", actorUserId: users.get(createdBy) ?? null, data: JSON.stringify({ title }) },
        },
      },
    });
  };

  // Afsprakennota's of the Vrij CLB with its schools, this year and next.
  for (const school of DEMO_ORGANISATIONS.filter((o) => o.kind === "school" && "clb" in o && o.clb === "clbVrij")) {
    await agreement("afsprakennota", year, [["school", school.key], ["clb", "clbVrij"]], "ondertekend", "clb@akkoord.example");
  }
  await agreement("afsprakennota", nextSchoolYear(year), [["school", "wereldreiziger"], ["clb", "clbVrij"]], "concept", "clb@akkoord.example");
  await agreement("afsprakennota", year, [["school", "regenboog"], ["clb", "clbGo"]], "concept", "clb@akkoord.example");
  // Engagementsverklaringen with the brugfiguren service.
  await agreement("engagementsverklaring-brugfiguren", year, [["school", "wereldreiziger"], ["brugfiguren", "brug"]], "ter_ondertekening", "coordinator@akkoord.example");
  await agreement("engagementsverklaring-brugfiguren", year, [["school", "klavertje"], ["brugfiguren", "brug"]], "ondertekend", "coordinator@akkoord.example");
  await agreement("engagementsverklaring-brugfiguren", year, [["school", "waasrand"], ["brugfiguren", "brug"]], "concept", "coordinator@akkoord.example");
  // The city's samenwerkingsovereenkomst.
  await agreement(
    "samenwerkingsovereenkomst",
    year,
    [["lokaal_bestuur", "stad"], ["school", "wereldreiziger"], ["welzijnspartner", "welzijn"], ["welzijnspartner", "brug"]],
    "concept",
    "beheerder@akkoord.example",
  );
  return true;
}

// `tsx prisma/seed.ts`: seed the database named by DATABASE_URL when it is empty.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { db } = await import("~/utils/db.server");
  const seeded = await seedDemo(db);
  console.log(seeded ? "Demogegevens aangemaakt." : "De databank bevat al gegevens; niets gewijzigd.");
  await db.$disconnect();
}
