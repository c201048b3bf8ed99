// Concurrency through the real server (scripts/server.js on 127.0.0.1):
// - 50 signatories submit the signing form at the same moment: 50 signatures,
//   exactly one completion, one sealed final PDF, one mail of it per signatory;
// - two editors save the same draft revision at the same moment, 20 times:
//   each time exactly one save wins and the other gets a 409, nothing is lost.
// (tests/integration/signing-completion.test.ts already races 20 signatures
// in one process through signVersion; this one goes through HTTP.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestOneTimeCode } from "~/domain/signing/one-time-code.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser } from "../factories";
import { codeIn, createFrozenVersion, linkTokenIn, outboxMails, sessionUserFor, type SignatorySpec } from "../factories/versions";
import { startAppServer, type AppServer } from "./support/server";
import { sessionCookieFor } from "./support/sqlite";
import { agreementBetween, audit, demoEmail, editableAfsprakennota } from "./support/world";

let server: AppServer;
const outbox = process.env.MAIL_OUTBOX_DIR!;

beforeAll(async () => {
  server = await startAppServer({ MAIL_OUTBOX_DIR: outbox });
});
afterAll(async () => {
  await server?.stop();
});

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
  redirect: "manual" as const,
});

describe("50 signatories submit at the same moment", () => {
  const stamp = Date.now();
  let f: Awaited<ReturnType<typeof createFrozenVersion>>;
  let responses: Array<{ status: number; location: string | null }>;

  beforeAll(async () => {
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_directeur" }]);
    const signatories: SignatorySpec[] = Array.from({ length: 50 }, (_, i) => ({
      partyRole: i % 2 === 0 ? "school" : "clb",
      name: `Ondertekenaar ${i + 1} Janssens`,
      functionTitle: i % 2 === 0 ? "directeur" : "CLB-directeur",
      email: `teken-${i + 1}-${stamp}@reliability.example`,
    }));
    f = await createFrozenVersion({ clb, createdById: drafter.id, signatories });
    await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit });
    const invitations = await outboxMails(outbox);
    const prepared: Array<{ token: string; code: string; name: string }> = [];
    for (const s of f.signatories) {
      const token = linkTokenIn(invitations.filter((m) => m.to.includes(s.email)).at(-1)!.text)!;
      await requestOneTimeCode({ token, audit });
      prepared.push({ token, name: s.name, code: "" });
    }
    const mails = await outboxMails(outbox);
    for (const [i, s] of f.signatories.entries()) {
      prepared[i]!.code = codeIn(mails.filter((m) => m.to.includes(s.email) && m.subject === "Uw code om te ondertekenen").at(-1)!.text)!;
    }
    responses = await Promise.all(
      prepared.map(async ({ token, code, name }) => {
        const response = await fetch(`${server.base}/onderteken/${token}`, form({ intent: "sign", code, consent: "on", fullName: name }));
        await response.arrayBuffer();
        return { status: response.status, location: response.headers.get("location") };
      }),
    );
  }, 120_000);

  it("every submission is accepted and exactly one of them completes the agreement", () => {
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(302));
    const outcomes = responses.map((r) => new URL(r.location!, server.base).searchParams.get("uitkomst"));
    expect(outcomes.filter((o) => o === "voltooid")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "ondertekend")).toHaveLength(49);
  });

  it("stores 50 signatures, one completion and one sealed final PDF", async () => {
    expect(await db.signature.count({ where: { versionId: f.version.id, outcome: "signed" } })).toBe(50);
    const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    expect(version.status).toBe("ondertekend");
    expect(version.finalPdf).not.toBeNull();
    const count = (action: string) => db.auditEvent.count({ where: { versionId: f.version.id, action } });
    expect(await count("signing.signed")).toBe(50);
    expect(await count("signing.completed")).toBe(1);
    expect(await count("signing.final-pdf-stored")).toBe(1);
    expect(await count("signing.final-pdf-mailed")).toBe(1);
  });

  it("mails the final PDF once to each of the 50 signatories", async () => {
    const mails = (await outboxMails(outbox)).filter((m) => m.subject.startsWith("Ondertekend:") && m.attachments.some((a) => a.contentType === "application/pdf"));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(f.signatories.map((s) => s.email).sort());
  });
});

describe("two editors save the same draft at the same moment", () => {
  it("20 rounds over HTTP: each time one save wins, the other gets 409 and nothing is overwritten", async () => {
    const agreement = await editableAfsprakennota();
    const clbUser = await db.user.findUniqueOrThrow({ where: { email: demoEmail("clb_medewerker") } });
    const draft = await loadDraft({ user: await sessionUserFor(clbUser.id), agreementId: agreement.id });
    const variable = draft.variables.find((v) => v.type === "text");
    expect(variable, "a text variable in the afsprakennota").toBeDefined();
    const editors = [demoEmail("clb_medewerker"), demoEmail("directie")].map((email) => sessionCookieFor(email));

    for (let round = 0; round < 20; round++) {
      const { draftRevision } = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
      const values = [`Waarde van de CLB-medewerker ${round}`, `Waarde van de directie ${round}`];
      const results = await Promise.all(
        editors.map(async (cookie, i) => {
          const response = await fetch(`${server.base}/overeenkomsten/${agreement.id}/invullen`, {
            ...form({ revision: String(draftRevision), [`v:${variable!.name}`]: values[i]! }),
            headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      expect([...results].sort()).toEqual([302, 409]);
      const after = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
      expect(after.draftRevision).toBe(draftRevision + 1);
      const winner = results.indexOf(302);
      expect(JSON.parse(after.draftValues)[variable!.name]).toBe(values[winner]);
    }
  });

  it("in one process, saveDraftValues twice on one revision: one saves, one conflict", async () => {
    const agreement = await agreementBetween("afsprakennota", "Vrij CLB Reynaertland", "Vrije Basisschool De Zonnewijzer", "concept");
    const user = await sessionUserFor((await db.user.findUniqueOrThrow({ where: { email: demoEmail("clb_medewerker") } })).id);
    const draft = await loadDraft({ user, agreementId: agreement.id });
    const name = draft.variables.find((v) => v.type === "text")!.name;
    const results = await Promise.allSettled(
      ["eerste", "tweede"].map((value) => saveDraftValues({ user, agreementId: agreement.id, revision: agreement.draftRevision, raw: { [name]: value }, audit })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0]!.reason as { status?: number }).status).toBe(409);
  });
});
