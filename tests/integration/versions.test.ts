import { describe, expect, it } from "vitest";
import { updateClauseText } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import { hashSnapshot, verifyContentHash } from "~/domain/versions/hash";
import type { VersionSnapshot } from "~/domain/versions/snapshot";
import * as detailRoute from "~/routes/overeenkomsten.$agreementId._index";
import * as compareRoute from "~/routes/overeenkomsten.$agreementId.vergelijk";
import * as versionRoute from "~/routes/overeenkomsten.$agreementId.versies.$number";
import { db } from "~/utils/db.server";
import { createCompleteDraft } from "../factories/drafts";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";

describe("freezing a draft", () => {
  it("makes version 1: canonical snapshot with template provenance, its SHA-256, clause rows and an audit event", async () => {
    const { user, agreementId, revision, audit } = await createCompleteDraft();
    const version = await freezeDraft({ user, agreementId, revision: await revision(), audit });
    expect(version.number).toBe(1);
    expect(verifyContentHash(version.content, version.contentHash)).toBe(true);
    const snapshot = JSON.parse(version.content) as VersionSnapshot;
    expect(hashSnapshot(snapshot).hash).toBe(version.contentHash);
    const draft = await loadDraft({ user, agreementId });
    expect(snapshot.clauses.map((c) => c.key)).toEqual(draft.clauses.map((c) => c.id));
    expect(snapshot.clauses.every((c) => c.templateId && c.templateVersion && !c.renderedText.includes("[nog in te vullen"))).toBe(true);
    expect(snapshot.signatories).toHaveLength(2);
    expect(snapshot.commitments.length).toBeGreaterThan(0);
    expect(await db.versionClause.count({ where: { versionId: version.id } })).toBe(snapshot.clauses.length);
    const events = await db.auditEvent.findMany({ where: { agreementId, action: "version.frozen" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.versionHash).toBe(version.contentHash);
  });

  it("edits go into the draft; freezing again makes version 2 and replaces the unsigned version 1", async () => {
    const { user, agreementId, revision, audit } = await createCompleteDraft();
    const v1 = await freezeDraft({ user, agreementId, revision: await revision(), audit });
    const clause = (await loadDraft({ user, agreementId })).clauses.find((c) => c.variableDefs.length === 0)!;
    await updateClauseText({ user, agreementId, revision: await revision(), audit, clauseId: clause.id, title: clause.title, body: `${clause.body}\n\nExtra afspraak over het oudercontact.` });
    const v2 = await freezeDraft({ user, agreementId, revision: await revision(), audit });
    expect(v2.number).toBe(2);
    expect(v2.contentHash).not.toBe(v1.contentHash);
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: v1.id } })).status).toBe("vervangen");
    // The frozen text of version 1 is unchanged.
    const v1Snapshot = JSON.parse((await db.agreementVersion.findUniqueOrThrow({ where: { id: v1.id } })).content) as VersionSnapshot;
    expect(v1Snapshot.clauses.find((c) => c.key === clause.id)!.text).toBe(clause.body);
  });

  it("two concurrent freezes of one draft make exactly one version", async () => {
    const { user, agreementId, revision, audit } = await createCompleteDraft();
    const rev = await revision();
    const results = await Promise.allSettled([
      freezeDraft({ user, agreementId, revision: rev, audit }),
      freezeDraft({ user, agreementId, revision: rev, audit }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.agreementVersion.count({ where: { agreementId } })).toBe(1);
  });

  it("freezing an incomplete draft answers 400 with the list of what's missing", async () => {
    const school = await createOrganisation("school", "School Onvolledig");
    const clb = await createOrganisation("clb", "CLB Onvolledig");
    const user = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    const create = await callRoute(
      (await import("~/routes/overeenkomsten.nieuw")).action,
      await signedInRequest(user.id, "/overeenkomsten/nieuw", { form: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id } }),
    );
    const agreementId = create.location!.split("/").pop()!;
    const result = await callRoute(detailRoute.action, await signedInRequest(user.id, "/x", { form: { intent: "freeze", revision: "0" } }), { agreementId });
    expect(result.status).toBe(400);
    const body = result.data as { message: string; missing: string[] };
    expect(body.message).toBe("Het concept is nog niet volledig. Vul eerst aan wat hieronder staat.");
    expect(body.missing).toEqual(expect.arrayContaining(["Nog geen ondertekenaar voor School Onvolledig", "Nog geen ondertekenaar voor CLB Onvolledig"]));
    expect(body.missing.some((m) => m.startsWith("Nog in te vullen: "))).toBe(true);
    expect(await db.agreementVersion.count({ where: { agreementId } })).toBe(0);
  });
});

describe("comparing versions", () => {
  it("shows the changed word; versions are addressed within one agreement only (404 otherwise)", async () => {
    const { user, userRow, agreementId, revision, audit } = await createCompleteDraft();
    await freezeDraft({ user, agreementId, revision: await revision(), audit });
    const clause = (await loadDraft({ user, agreementId })).clauses.find((c) => c.variableDefs.length === 0 && c.body.includes(" "))!;
    const words = clause.body.split(" ");
    const changed = [...words.slice(0, 1), "nadrukkelijk", ...words.slice(1)].join(" ");
    await updateClauseText({ user, agreementId, revision: await revision(), audit, clauseId: clause.id, title: clause.title, body: changed });
    await freezeDraft({ user, agreementId, revision: await revision(), audit });

    const result = await callRoute(compareRoute.loader, await signedInRequest(userRow.id, `/x?van=1&naar=2`), { agreementId });
    expect(result.status).toBe(200);
    const data = result.data as { summary: { changed: number }; clauses: Array<{ key: string; status: string; words: Array<{ type: string; text: string }> }> };
    expect(data.summary.changed).toBe(1);
    const entry = data.clauses.find((c) => c.key === clause.id)!;
    expect(entry.status).toBe("changed");
    expect(entry.words.filter((w) => w.type === "added").map((w) => w.text.trim())).toEqual(["nadrukkelijk"]);
    expect(entry.words.filter((w) => w.type === "removed")).toEqual([]);

    // Another agreement with a single version: its "version 2" does not exist → 404.
    const other = await createCompleteDraft();
    await freezeDraft({ user: other.user, agreementId: other.agreementId, revision: await other.revision(), audit });
    const cross = await callRoute(compareRoute.loader, await signedInRequest(other.userRow.id, `/x?van=1&naar=2`), { agreementId: other.agreementId });
    expect(cross.status).toBe(404);
    // A user of another organisation gets 404 on this agreement's comparison.
    const stranger = await createUser([{ organisationId: (await createOrganisation("school")).id, role: "directie" }]);
    const foreign = await callRoute(compareRoute.loader, await signedInRequest(stranger.id, `/x?van=1&naar=2`), { agreementId });
    expect(foreign.status).toBe(404);
    // Issue 12 point 15: a number no version can have is a version that does not exist (was 400 for "een").
    const malformed = await callRoute(compareRoute.loader, await signedInRequest(userRow.id, `/x?van=een&naar=2`), { agreementId });
    expect(malformed.status).toBe(404);
    const unchosen = await callRoute(compareRoute.loader, await signedInRequest(userRow.id, `/x?van=1`), { agreementId });
    expect(unchosen.status).toBe(400);
  });

  it("a version number no version can have (2^63, 2^31, garbage) answers 404, in the path and in van/naar, never a 500", async () => {
    const { user, userRow, agreementId, revision, audit } = await createCompleteDraft();
    await freezeDraft({ user, agreementId, revision: await revision(), audit });
    const impossible = ["9223372036854775808", "9223372036854775807", "18446744073709551616", "2147483648", "99999999999", "1e400", "1e3", "0", "-1", "1.5", "0x1", "01", " 1", "een", "١"];
    for (const number of impossible) {
      const page = await callRoute(versionRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId, number });
      expect(page.status, `versies/${number}`).toBe(404);
      for (const query of [`van=${encodeURIComponent(number)}&naar=1`, `van=1&naar=${encodeURIComponent(number)}`]) {
        const compared = await callRoute(compareRoute.loader, await signedInRequest(userRow.id, `/x?${query}`), { agreementId });
        expect(compared.status, `vergelijk?${query}`).toBe(404);
      }
    }
    // The largest number a version could have is looked up like any other (and does not exist here).
    const largest = await callRoute(versionRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId, number: "2147483647" });
    expect(largest.status).toBe(404);
    const existing = await callRoute(versionRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId, number: "1" });
    expect(existing.status).toBe(200);
  });

  it("refuses to show a version whose stored content no longer matches its hash", async () => {
    const { user, userRow, agreementId, revision, audit } = await createCompleteDraft();
    const version = await freezeDraft({ user, agreementId, revision: await revision(), audit });
    // Only possible by going around the database's own protection.
    const triggers = (await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='AgreementVersion'`)) as Array<{ name: string }>;
    for (const t of triggers) await db.$executeRawUnsafe(`DROP TRIGGER "${t.name}"`);
    await db.$executeRawUnsafe(`UPDATE "AgreementVersion" SET content = replace(content, 'CLB Waasland', 'CLB Elders') WHERE id = ?`, version.id);
    const result = await callRoute(versionRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId, number: "1" });
    expect(result.status).toBe(409);
    expect((result.data as { message: string }).message).toMatch(/controlecode klopt niet/);
  });
});
