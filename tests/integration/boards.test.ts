// The boards behind the schools (issue #13): the lookup and the CSV import
// store the board, level, net, scholengemeenschap and CLB (and link the school
// to its CLB when that CLB is in Akkoord); the parties block names the board;
// a signatory of the school's own can sign on behalf of the board, which the
// version freezes and the signing page, the sealed PDF and the audit trail say.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptParty } from "~/domain/agreements/accept-party.server";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { addSignatory, saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { importSchools } from "~/domain/onboarding/import-schools.server";
import { updateOrganisationBoard } from "~/domain/organisation-settings/board.server";
import { makeTempDir, normaliseWhitespace, pdftotextPages, writeTempPdf } from "../support/pdf";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { loadInAppSigning, signVersionInApp } from "~/domain/signing/sign-in-app.server";
import { renderFinalPdf } from "~/domain/signing/finalize-version.server";
import { buildPdfInput } from "~/domain/signing/version-pdf.server";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import type { VersionSnapshot } from "~/domain/versions/snapshot";
import * as draftRoute from "~/routes/overeenkomsten.$agreementId._index";
import * as settingsRoute from "~/routes/instellingen";
import * as versionRoute from "~/routes/overeenkomsten.$agreementId.versies.$number";
import * as schoolRoute from "~/routes/scholen.$schoolId._index";
import * as newSchoolRoute from "~/routes/scholen.nieuw";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest, TEST_PASSWORD } from "../factories";
import { sampleRaw, sessionUserFor } from "../factories/drafts";
import { useOnderwijsApi } from "../mocks/onderwijs-vlaanderen";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

const audit = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const BOARD = "vzw Katholiek Onderwijs Zuid";

useOnderwijsApi();

async function coordinator() {
  const service = await createOrganisation("brugfiguren");
  const user = await createUser([{ organisationId: service.id, role: "coordinator" }]);
  return { service, user };
}

async function clbWithNumber(instellingsnummer: string) {
  return db.organisation.create({ data: { kind: "clb", name: `CLB ${instellingsnummer}`, instellingsnummer } });
}

describe("lookup and import store the board and link the CLB", () => {
  const post = async (userId: string, form: Record<string, string>) =>
    callRoute(newSchoolRoute.action, await signedInRequest(userId, "/scholen/nieuw", { form }));

  it("a looked-up school keeps its board, level, net, scholengemeenschap and CLB; its CLB in Akkoord gets the link", async () => {
    const { service, user } = await coordinator();
    const clb = await clbWithNumber("104561");
    const looked = await post(user.id, { intent: "lookup", instellingsnummer: "128015" });
    expect(looked.data).toMatchObject({
      step: "details",
      values: { boardName: "vzw Katholiek Onderwijs Waasland", boardNumber: "1234", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
    });
    const values = (looked.data as { values: Record<string, string> }).values;
    const saved = await post(user.id, { intent: "save", source: "opzoeking", ...values });
    expect(saved.status).toBe(302);
    const school = await db.organisation.findUniqueOrThrow({ where: { instellingsnummer: "128015" } });
    expect(school).toMatchObject({
      boardName: "vzw Katholiek Onderwijs Waasland",
      boardNumber: "1234",
      educationLevel: "basis",
      onderwijsnet: "vrij gesubsidieerd onderwijs",
      scholengemeenschap: "Scholengemeenschap Sint-Niklaas Basis",
      clbInstellingsnummer: "104561",
      clbName: "Vrij CLB Reynaertland",
    });
    const page = await callRoute(schoolRoute.loader, await signedInRequest(user.id, `/scholen/${school.id}`), { schoolId: school.id });
    expect((page.data as { school: Record<string, unknown> }).school).toMatchObject({ boardName: "vzw Katholiek Onderwijs Waasland", scholengemeenschap: "Scholengemeenschap Sint-Niklaas Basis" });
    const links = await db.serviceSchool.findMany({ where: { schoolId: school.id }, orderBy: { createdAt: "asc" } });
    expect(links.map((l) => [l.serviceId, l.source]).sort()).toEqual([[clb.id, "opzoeking"], [service.id, "opzoeking"]].sort());
  });

  it("an answer without bestuur still adds the school; a CLB not in Akkoord is kept by name only", async () => {
    const { user } = await coordinator();
    const looked = await post(user.id, { intent: "lookup", instellingsnummer: "128023" });
    const values = (looked.data as { values: Record<string, string> }).values;
    expect(values.boardName).toBe("");
    expect((await post(user.id, { intent: "save", source: "opzoeking", ...values })).status).toBe(302);
    const school = await db.organisation.findUniqueOrThrow({ where: { instellingsnummer: "128023" } });
    expect(school).toMatchObject({ boardName: null, scholengemeenschap: null, clbInstellingsnummer: "104579", clbName: "CLB GO! Waasrand" });
    expect(await db.serviceSchool.count({ where: { schoolId: school.id } })).toBe(1);
  });

  it("typed in by hand: board, level and net are stored; a CLB typed into the form makes no link", async () => {
    const { user } = await coordinator();
    const clb = await clbWithNumber("104579");
    const form = { intent: "save", source: "manueel", instellingsnummer: "140101", name: "VBS De Wereldreiziger", boardName: BOARD, boardNumber: "0412.345.678" };
    const saved = await post(user.id, { ...form, educationLevel: "secundair", onderwijsnet: "vrij gesubsidieerd onderwijs", clbInstellingsnummer: "104579" });
    expect(saved.status).toBe(302);
    const school = await db.organisation.findUniqueOrThrow({ where: { instellingsnummer: "140101" } });
    expect(school).toMatchObject({ boardName: BOARD, boardNumber: "0412.345.678", educationLevel: "secundair", clbInstellingsnummer: null });
    expect(await db.serviceSchool.count({ where: { serviceId: clb.id } })).toBe(0);

    const bad = await post(user.id, { ...form, instellingsnummer: "140119", boardName: "x".repeat(201), educationLevel: "hoger" });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string> }).errors).toMatchObject({
      boardName: "De naam van het schoolbestuur is te lang (hoogstens 200 tekens).",
      educationLevel: "Kies het niveau: basis, secundair of buitengewoon.",
    });
    expect(await db.organisation.count({ where: { instellingsnummer: "140119" } })).toBe(0);
  });

  it("the CSV's bestuur, bestuursnummer, net, niveau, scholengemeenschap and clb columns are stored, with the CLB link", async () => {
    const { service, user } = await coordinator();
    const clb = await clbWithNumber("104588");
    const csv =
      "instellingsnummer;naam;gemeente;bestuur;bestuursnummer;net;niveau;scholengemeenschap;clb\n" +
      "140201;VBS Ter Beke;Temse;vzw Scholen Temse;2345;vrij gesubsidieerd onderwijs;basisonderwijs;SG Temse;104588\n" +
      "140219;BuSO Het Anker;Temse;;;gemeenschapsonderwijs;buitengewoon secundair onderwijs;;CLB Elders\n";
    const result = await importSchools({ user: await sessionUserFor(user.id), text: csv, serviceId: service.id, audit });
    expect(result).toEqual({ ok: true, count: 2 });
    const [beke, anker] = await Promise.all(["140201", "140219"].map((n) => db.organisation.findUniqueOrThrow({ where: { instellingsnummer: n } })));
    expect(beke).toMatchObject({ boardName: "vzw Scholen Temse", boardNumber: "2345", educationLevel: "basis", scholengemeenschap: "SG Temse", clbInstellingsnummer: "104588" });
    expect(anker).toMatchObject({ boardName: null, educationLevel: "buitengewoon", onderwijsnet: "gemeenschapsonderwijs", clbName: "CLB Elders", clbInstellingsnummer: null });
    const clbLinks = await db.serviceSchool.findMany({ where: { serviceId: clb.id } });
    expect(clbLinks.map((l) => [l.schoolId, l.source])).toEqual([[beke!.id, "csv"]]);

    const odd = await importSchools({ user: await sessionUserFor(user.id), text: "instellingsnummer;naam;niveau;bestuursnummer\n140227;School X;universiteit;<b>\n", serviceId: service.id, audit });
    expect(odd.ok).toBe(false);
    expect(odd.ok === false && odd.preview.ok && odd.preview.rows[0]!.errors).toEqual([
      "Een bestuursnummer bestaat uit cijfers, zoals 1234 of 0412.345.678 (hoogstens 20 tekens).",
      "Kies het niveau: basis, secundair of buitengewoon.",
    ]);
    expect(await db.organisation.count({ where: { instellingsnummer: "140227" } })).toBe(0);
  });
});

describe("the school's own beheerder keeps its board in Instellingen", () => {
  it("the beheerder of the school saves it; its directie and another school's beheerder cannot", async () => {
    const school = await createOrganisation("school", "VBS De Wereldreiziger");
    const other = await createOrganisation("school", "GBS Elders");
    const beheerder = await createUser([{ organisationId: school.id, role: "beheerder" }]);
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    const stranger = await createUser([{ organisationId: other.id, role: "beheerder" }]);
    const save = async (userId: string) =>
      callRoute(settingsRoute.action, await signedInRequest(userId, "/instellingen", { form: { intent: "board", organisationId: school.id, boardName: BOARD, boardNumber: "1234" } }));

    expect((await save(directie.id)).status).toBe(403);
    expect((await save(stranger.id)).status).toBe(403);
    expect(await db.organisation.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({ boardName: null });

    expect((await save(beheerder.id)).status).toBe(200);
    expect(await db.organisation.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({ boardName: BOARD, boardNumber: "1234" });
    expect(await db.auditEvent.count({ where: { action: "organisation.board-updated", actorUserId: beheerder.id } })).toBe(1);
  });
});

/** An afsprakennota between a school with a board and a CLB, complete but for its signatories. */
async function draftWithBoard() {
  const school = await db.organisation.create({ data: { kind: "school", name: "VBS De Wereldreiziger", boardName: BOARD, boardNumber: "1234" } });
  const clb = await createOrganisation("clb", "CLB Waasland");
  const clbUserRow = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  const schoolUserRow = await createUser([{ organisationId: school.id, role: "directie" }]);
  const [clbUser, schoolUser] = [await sessionUserFor(clbUserRow.id), await sessionUserFor(schoolUserRow.id)];
  const agreement = await createAgreement({
    user: clbUser,
    input: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id },
    audit,
  });
  const schoolParty = agreement.parties.find((p) => p.organisationId === school.id)!;
  const clbParty = agreement.parties.find((p) => p.organisationId === clb.id)!;
  await acceptParty({ user: schoolUser, agreementId: agreement.id, partyId: schoolParty.id, audit });
  const revision = async () => (await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).draftRevision;
  const draft = await loadDraft({ user: clbUser, agreementId: agreement.id });
  const raw: Record<string, string> = {};
  for (const v of draft.variables) if (draft.values[v.name] === undefined || draft.values[v.name] === null) raw[v.name] = sampleRaw(v as never);
  await saveDraftValues({ user: clbUser, agreementId: agreement.id, revision: await revision(), raw, audit });
  return { school, clb, clbUser, clbUserRow, schoolUser, schoolUserRow, agreementId: agreement.id, schoolParty, clbParty, revision };
}

describe("signing on behalf of the board", () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
    setTestEnv({ MAIL_OUTBOX_DIR: makeTempDir("akkoord-boards-outbox-"), SEAL_DEV_DIR: makeTempDir("akkoord-boards-certs-") });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the parties block names the board; another party cannot say someone signs for it", async () => {
    const d = await draftWithBoard();
    const page = await callRoute(draftRoute.loader, await signedInRequest(d.clbUserRow.id, `/overeenkomsten/${d.agreementId}`), { agreementId: d.agreementId });
    const parties = (page.data as { parties: Array<{ displayName: string }> }).parties;
    expect(parties.map((p) => p.displayName)).toContain(`VBS De Wereldreiziger, ingericht door ${BOARD}`);

    // The CLB proposes the school's signatory "on behalf of the board": refused, nothing stored.
    const form = { intent: "add-signatory", revision: String(await d.revision()), partyId: d.schoolParty.id, name: "Anaïs Verbeke", functionTitle: "directeur", email: "anais@school.test", kind: "signer", onBehalfOfBoard: "on" };
    const refused = await callRoute(draftRoute.action, await signedInRequest(d.clbUserRow.id, `/overeenkomsten/${d.agreementId}?index`, { form }), { agreementId: d.agreementId });
    expect(refused.status).toBe(403);
    expect(refused.data).toMatchObject({ message: "Alleen VBS De Wereldreiziger kan aangeven dat iemand namens haar schoolbestuur tekent." });
    expect(await db.signatory.count({ where: { agreementId: d.agreementId } })).toBe(0);

    // A mandate over 200 characters is refused next to the field.
    const long = await callRoute(
      draftRoute.action,
      await signedInRequest(d.schoolUserRow.id, `/overeenkomsten/${d.agreementId}?index`, { form: { ...form, mandate: "m".repeat(201) } }),
      { agreementId: d.agreementId },
    );
    expect(long.status).toBe(400);
    expect((long.data as { fieldErrors: Record<string, string[]> }).fieldErrors.mandate).toEqual(["Het mandaat mag hoogstens 200 tekens hebben."]);

    // The CLB has no board: its own member cannot tick it either.
    const noBoard = await callRoute(
      draftRoute.action,
      await signedInRequest(d.clbUserRow.id, `/overeenkomsten/${d.agreementId}?index`, { form: { ...form, partyId: d.clbParty.id } }),
      { agreementId: d.agreementId },
    );
    expect(noBoard.status).toBe(400);
    expect(await db.signatory.count({ where: { agreementId: d.agreementId } })).toBe(0);
  });

  it("frozen in the snapshot, said on the signing page, in the audit event and in the sealed PDF", async () => {
    const d = await draftWithBoard();
    const schoolEmail = d.schoolUser.email;
    await callRoute(
      draftRoute.action,
      await signedInRequest(d.schoolUserRow.id, `/overeenkomsten/${d.agreementId}?index`, {
        form: {
          intent: "add-signatory",
          revision: String(await d.revision()),
          partyId: d.schoolParty.id,
          name: d.schoolUser.name,
          functionTitle: "directeur",
          email: schoolEmail,
          kind: "signer",
          onBehalfOfBoard: "on",
          mandate: "gemandateerd door de raad van bestuur van 12 juni 2026",
        },
      }),
      { agreementId: d.agreementId },
    );
    await addSignatory({
      user: d.clbUser,
      agreementId: d.agreementId,
      revision: await d.revision(),
      audit,
      input: { partyId: d.clbParty.id, name: d.clbUser.name, functionTitle: "CLB-directeur", email: d.clbUser.email, kind: "signer" },
    });
    expect(await db.signatory.findFirstOrThrow({ where: { agreementId: d.agreementId, email: schoolEmail } })).toMatchObject({
      onBehalfOf: BOARD,
      mandate: "gemandateerd door de raad van bestuur van 12 juni 2026",
      status: "bevestigd",
    });

    const version = await freezeDraft({ user: d.clbUser, agreementId: d.agreementId, revision: await d.revision(), audit });
    // The board changes after freezing: the version keeps the one it was frozen under.
    await updateOrganisationBoard({ user: await sessionUserFor((await createUser([{ organisationId: d.school.id, role: "beheerder" }])).id), organisationId: d.school.id, input: { boardName: "vzw Nieuw Bestuur" }, audit });
    const snapshot = JSON.parse((await db.agreementVersion.findUniqueOrThrow({ where: { id: version.id } })).content) as VersionSnapshot;
    expect(snapshot.parties.find((p) => p.organisationId === d.school.id)).toMatchObject({ boardName: BOARD, boardNumber: "1234" });
    expect(snapshot.parties.find((p) => p.organisationId === d.clb.id)).not.toHaveProperty("boardName");
    const versionPage = await callRoute(versionRoute.loader, await signedInRequest(d.clbUserRow.id, `/overeenkomsten/${d.agreementId}/versies/1`), {
      agreementId: d.agreementId,
      number: "1",
    });
    expect((versionPage.data as { parties: Array<{ name: string }> }).parties.map((p) => p.name)).toContain(`VBS De Wereldreiziger, ingericht door ${BOARD}`);
    expect(snapshot.signatories.find((s) => s.email === schoolEmail)).toMatchObject({ onBehalfOf: BOARD, mandate: "gemandateerd door de raad van bestuur van 12 juni 2026" });

    await sendForSigning({ user: d.clbUser, agreementId: d.agreementId, versionId: version.id, audit });
    const signingPage = await loadInAppSigning({ user: d.schoolUser, agreementId: d.agreementId, audit });
    expect(signingPage.signatory.capacity).toBe(`U tekent namens het schoolbestuur ${BOARD}, als directeur (gemandateerd door de raad van bestuur van 12 juni 2026).`);
    expect(signingPage.document!.parties.map((p) => p.displayName)).toContain(`VBS De Wereldreiziger, ingericht door ${BOARD}`);

    for (const user of [d.schoolUser, d.clbUser]) {
      await signVersionInApp({ user, agreementId: d.agreementId, password: TEST_PASSWORD, consent: true, fullName: user.name, audit });
    }
    const signed = await db.auditEvent.findMany({ where: { action: "signing.signed", versionId: version.id } });
    const data = signed.map((e) => JSON.parse(e.data!) as Record<string, unknown>);
    expect(data.filter((x) => x.onBehalfOf === BOARD)).toHaveLength(1);
    expect(data.find((x) => x.onBehalfOf)).toMatchObject({ mandate: "gemandateerd door de raad van bestuur van 12 juni 2026" });
    const annex = (await buildPdfInput(version.id, { watermark: null, generatedAt: new Date() })).auditEvents;
    expect(annex.some((e) => e.detail?.includes(`namens het schoolbestuur ${BOARD} (gemandateerd door de raad van bestuur van 12 juni 2026)`))).toBe(true);

    const file = writeTempPdf(dir, "board.pdf", await renderFinalPdf(version.id, new Date()));
    const text = normaliseWhitespace(pdftotextPages(file).join("\n"));
    expect(text).toContain(`Ingericht door ${BOARD} (nummer 1234)`);
    expect(text).toContain(`Namens het schoolbestuur ${BOARD} (gemandateerd door de raad van bestuur van 12 juni 2026)`);
    expect(text).not.toContain("vzw Nieuw Bestuur");
  });
});
