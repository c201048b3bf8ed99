import { describe, expect, it } from "vitest";
import { ROLES } from "~/domain/organisations/kinds";
import { db } from "~/utils/db.server";
import { signIn } from "~/domain/auth/sign-in.server";
import { loadTemplateLibrary } from "~/domain/templates/load-templates.server";
import { loadBoard } from "~/domain/renewal/board.server";
import { loadClbDashboard } from "~/domain/dashboards/clb-dashboard.server";
import { parseFilters } from "~/domain/dashboards/filters";
import { sessionUserById } from "~/utils/session.server";
import { seedDemo } from "../../prisma/seed";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/demo-data";

describe("demo data", () => {
  it("creates a brugfiguren service, two CLBs, nineteen schools with instellingsnummers, one user per role and a samenwerkingsovereenkomst of eight parties, once", async () => {
    expect(await seedDemo(db, new Date("2026-11-22T12:00:00Z"))).toBe(true);
    expect(await db.organisation.count({ where: { kind: "brugfiguren" } })).toBe(1);
    expect(await db.organisation.count({ where: { kind: "clb" } })).toBe(2);
    const schools = await db.organisation.findMany({ where: { kind: "school" } });
    expect(schools).toHaveLength(19);
    for (const s of schools) expect(s.instellingsnummer).toMatch(/^\d{5,6}$/);
    const roles = new Set((await db.membership.findMany()).map((m) => m.role));
    expect([...roles].sort()).toEqual([...ROLES].sort());
    for (const user of DEMO_USERS) {
      expect(await signIn({ email: user.email, password: DEMO_PASSWORD, ipAddress: null })).toMatchObject({ ok: true });
    }
    // Fifteen agreements, every document type, in the states the demo journeys start from.
    const agreements = await db.agreement.findMany({ select: { documentType: true, status: true } });
    expect(agreements.map((a) => `${a.documentType} ${a.status}`).sort()).toEqual([
      "afsprakennota concept",
      "afsprakennota concept",
      "afsprakennota ondertekend",
      "afsprakennota ondertekend",
      "afsprakennota ondertekend",
      "afsprakennota ondertekend",
      "afsprakennota ondertekend",
      "afsprakennota ondertekend",
      "afsprakennota ondertekend",
      "afsprakennota ter_ondertekening",
      "engagementsverklaring-brugfiguren concept",
      "engagementsverklaring-brugfiguren ondertekend",
      "engagementsverklaring-brugfiguren ter_ondertekening",
      "engagementsverklaring-ouders concept",
      "samenwerkingsovereenkomst concept",
    ]);
    // Each has its human reference (issue 17): prefix of its type, first year of its school year, its own number.
    const references = await db.agreement.findMany({ select: { documentType: true, schoolYear: true, reference: true } });
    const prefixes: Record<string, string> = { afsprakennota: "AN", "engagementsverklaring-brugfiguren": "EV", "engagementsverklaring-ouders": "EO", samenwerkingsovereenkomst: "SO" };
    for (const a of references) expect(a.reference).toMatch(new RegExp(`^${prefixes[a.documentType]}-${a.schoolYear.slice(0, 4)}-\\d{4}$`));
    expect(new Set(references.map((a) => a.reference)).size).toBe(references.length);
    // Each party acts for itself: the school's directie accepted and named the school's signer.
    const nota = await db.agreement.findFirstOrThrow({
      where: { documentType: "afsprakennota", status: "ondertekend", parties: { some: { organisation: { name: "VBS De Wereldreiziger" } } } },
      include: { parties: true, signatories: true },
    });
    expect(nota.parties.map((p) => p.status)).toEqual(["aanvaard", "aanvaard"]);
    expect(nota.signatories.map((s) => s.status)).toEqual(["bevestigd", "bevestigd"]);
    // The schools and CLBs have their board; the directeur of De Wereldreiziger signs on behalf of it, frozen into the version (issue 13).
    expect(await db.organisation.count({ where: { kind: { in: ["school", "clb"] }, boardName: null } })).toBe(0);
    expect(nota.signatories.find((s) => s.email === "directie@akkoord.example")).toMatchObject({ onBehalfOf: "vzw Katholiek Onderwijs Zuid", mandate: "gemandateerd door de raad van bestuur" });
    const frozen = await db.agreementVersion.findFirstOrThrow({ where: { agreementId: nota.id }, orderBy: { number: "desc" } });
    expect(JSON.parse(frozen.content).signatories).toContainEqual(expect.objectContaining({ email: "directie@akkoord.example", onBehalfOf: "vzw Katholiek Onderwijs Zuid" }));
    // Het Klavertje has no demo account: it accepted by signing.
    const klavertje = await db.agreement.findFirstOrThrow({
      where: { documentType: "afsprakennota", status: "ondertekend", parties: { some: { organisation: { name: "Basisschool Het Klavertje" } } } },
      include: { parties: true, signatories: true, auditEvents: { where: { action: "agreement.party-accepted" } } },
    });
    expect(klavertje.parties.map((p) => p.status)).toEqual(["aanvaard", "aanvaard"]);
    expect(klavertje.signatories.map((s) => s.status)).toEqual(["bevestigd", "bevestigd"]);
    expect(klavertje.auditEvents.map((e) => JSON.parse(e.data!))).toEqual([expect.objectContaining({ bySigning: true })]);
    // The demo's afsprakennota's keep the full set of clauses for basisonderwijs (a new one starts
    // from the short nota), so the renewal carries over the commitments of every clause.
    const fullSet = await db.draftClause.count({ where: { agreementId: klavertje.id } });
    expect(fullSet).toBe(loadTemplateLibrary().defaultClausesFor("afsprakennota", { set: "volledig", level: "basis" }).length);
    expect(klavertje.educationLevel).toBe("basis");
    // The Vrij CLB's board: five signed nota's still to renew for next year (De Wereldreiziger's is renewed already).
    const clbUser = await sessionUserById((await db.user.findUniqueOrThrow({ where: { email: "clb@akkoord.example" } })).id);
    const board = await loadBoard({ user: clbUser, filters: { state: null, evaluation: null, municipality: null }, now: new Date("2026-11-22T12:00:00Z") });
    expect(board.schools.filter((s) => s.renewable).map((s) => s.name)).toEqual([
      "Basisschool De Knipoog",
      "Basisschool De Vlindertuin",
      "Basisschool Het Klavertje",
      "VBS De Kleine Prins",
      "VBS De Sterrenhemel",
      "Vrije Basisschool De Boomgaard",
    ]);
    expect(board.stateCounts).toEqual({ geen: 8, concept: 1, verstuurd: 0, ondertekend: 0 });
    // The city's samenwerkingsovereenkomst (issue 13): eight parties, added through the parties
    // flow (not written to the database) and each accepted by a member of its own.
    const sso = await db.agreement.findFirstOrThrow({
      where: { documentType: "samenwerkingsovereenkomst" },
      include: { parties: { include: { organisation: true }, orderBy: { position: "asc" } }, auditEvents: { orderBy: { createdAt: "asc" } } },
    });
    expect(sso.parties.map((p) => `${p.partyRole}: ${p.organisation.name} (${p.status})`)).toEqual([
      "lokaal_bestuur: Stad Sint-Niklaas (aanvaard)",
      "school: VBS De Wereldreiziger (aanvaard)",
      "school: Sint-Reynaertcollege (aanvaard)",
      "school: Vrije Basisschool De Zonnewijzer (aanvaard)",
      "welzijnspartner: Brugfiguren Sint-Niklaas (aanvaard)",
      "welzijnspartner: Huis van het Kind Waasland (aanvaard)",
      "welzijnspartner: Buurtwerk De Ontmoeting vzw (aanvaard)",
      "clb: Vrij CLB Reynaertland (aanvaard)",
    ]);
    expect(sso.auditEvents.filter((e) => e.action === "agreement.party-added")).toHaveLength(6);
    const acceptedBy = sso.parties.filter((p) => p.organisation.name !== "Brugfiguren Sint-Niklaas").map((p) => p.acceptedById);
    const members = await db.membership.findMany({ where: { organisationId: { in: sso.parties.map((p) => p.organisationId) } }, select: { userId: true, organisationId: true } });
    for (const party of sso.parties) expect(members).toContainEqual({ userId: party.acceptedById, organisationId: party.organisationId });
    expect(new Set(acceptedBy).size).toBe(7);
    // The Vrij CLB's list: fifteen schools, six of them without a nota yet (issue 13).
    const clbDashboard = await loadClbDashboard({
      user: clbUser,
      filters: parseFilters(new URLSearchParams(), "2026-11-22"),
      pages: { schools: 1, evaluations: 1 },
      today: "2026-11-22",
    });
    expect(await db.serviceSchool.count({ where: { service: { name: "Vrij CLB Reynaertland" } } })).toBe(15);
    expect(clbDashboard.schools.total).toBe(15);
    expect(clbDashboard.statusTotals).toMatchObject({ geen: 6, concept: 1, ter_ondertekening: 1, ondertekend: 7 });
    expect(clbDashboard.nets).toEqual(["officieel gesubsidieerd onderwijs", "vrij gesubsidieerd onderwijs"]);
    // Named people (issue 13): each nota names the CLB's ankerfiguur for that school, De Wereldreiziger's
    // also its zorgcoördinator (named when the school accepted); the engagementsverklaringen the brugfiguur.
    const contactsOf = async (agreementId: string) =>
      (await db.agreementContact.findMany({ where: { agreementId }, include: { user: { select: { name: true } } } })).map((c) => `${c.contactRole} ${c.user.name}`).sort();
    expect(await contactsOf(nota.id)).toEqual(["ankerfiguur Nadia El Amrani", "zorgcoordinator Tom De Smet"]);
    expect(await contactsOf(klavertje.id)).toEqual(["ankerfiguur Jonas Wouters"]);
    const engagements = await db.agreement.findMany({ where: { documentType: "engagementsverklaring-brugfiguren" }, select: { id: true } });
    for (const e of engagements) expect(await contactsOf(e.id)).toContain("brugfiguur Sara Claes");
    expect(await seedDemo(db)).toBe(false);
    // The seed seals real PDFs through the real flow: it takes most of the default 20 s on a busy machine.
  }, 120_000);
});
