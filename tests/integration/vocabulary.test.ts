// One vocabulary per concept (issue 16 point 2): the pages, the signing page (and
// so the PDF, which renders the same document view) and the CSV exports say the
// same words for a cadence, an agreement's status and a signing request's status,
// each taken from its one module.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { AGREEMENT_STATUS_LABELS } from "~/domain/agreements/status";
import { SIGNING_REQUEST_STATUS_LABELS } from "~/domain/agreements/signing-request-status";
import { CADENCE_LABELS } from "~/domain/calendar/cadence";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import * as agreementPage from "~/routes/overeenkomsten.$agreementId._index";
import * as commitmentsPage from "~/routes/overeenkomsten.$agreementId.afspraken";
import * as versionsPage from "~/routes/overeenkomsten.$agreementId.versies._index";
import * as agreementsExport from "~/routes/export.overeenkomsten[.]csv";
import * as commitmentsExport from "~/routes/export.afspraken[.]csv";
import * as signingPage from "~/routes/onderteken.$token";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { createFrozenVersion, linkTokenIn, outboxMails, sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

let outbox: string;

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-vocabulary-outbox-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox });
});

/** A version out for signing one after the other: the CLB signs first, the school waits its turn. */
async function sentInOrder() {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const school = await createOrganisation("school");
  const clb = await createOrganisation("clb");
  const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }], `opsteller-${stamp}@clb.test`);
  const clbSigner = `clb-${stamp}@clb.test`;
  const f = await createFrozenVersion({
    school,
    clb,
    createdById: drafter.id,
    signingOrder: "sequentieel",
    signatories: [
      { partyRole: "clb", name: "Joëlle De Smet", functionTitle: "CLB-directeur", email: clbSigner },
      { partyRole: "school", name: "Anaïs Verbeke", functionTitle: "directeur", email: `directeur-${stamp}@school.test` },
    ],
  });
  await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit: { ipAddress: "10.0.0.1" } });
  const mail = (await outboxMails(outbox)).find((m) => m.to.includes(clbSigner) && m.subject.startsWith("Gevraagd"))!;
  return { ...f, drafter, clbToken: linkTokenIn(mail.text)! };
}

async function download(route: typeof agreementsExport, userId: string, url: string): Promise<string[][]> {
  const response = (await route.loader({ request: await signedInRequest(userId, url), params: {}, context: {} })) as Response;
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await response.arrayBuffer()));
  return parse(text.slice(1), { delimiter: ";" }) as string[][];
}

const column = (rows: string[][], header: string) => rows.slice(1).map((row) => row[rows[0]!.indexOf(header)]);

describe("one vocabulary per concept", () => {
  let f: Awaited<ReturnType<typeof sentInOrder>>;
  beforeAll(async () => {
    f = await sentInOrder();
  });

  it("a signing request's status: the signer's page and the agreement's page say the same words", async () => {
    const signer = await callRoute(signingPage.loader, new Request(`http://localhost/onderteken/${f.clbToken}`), { token: f.clbToken });
    expect(signer.status).toBe(200);
    const onSigningPage = (signer.data as Awaited<ReturnType<typeof signingPage.loader>>).signatories.map((s) => s.status);

    const drafter = await callRoute(agreementPage.loader, await signedInRequest(f.drafter.id, `/overeenkomsten/${f.agreement.id}`), { agreementId: f.agreement.id });
    const onAgreementPage = (drafter.data as Awaited<ReturnType<typeof agreementPage.loader>>).latestVersion!.requests.map((r) => r.status);

    expect(onSigningPage).toEqual([SIGNING_REQUEST_STATUS_LABELS.verstuurd, SIGNING_REQUEST_STATUS_LABELS.wachtend]);
    expect(onAgreementPage).toEqual(onSigningPage);
  });

  it("an agreement's status: the CSV export and the versions page say the same words", async () => {
    const rows = await download(agreementsExport, f.drafter.id, "/export/overeenkomsten.csv?schooljaar=2026-2027&status=ter_ondertekening");
    expect(column(rows, "Status")).toEqual([AGREEMENT_STATUS_LABELS.ter_ondertekening]);

    const versions = await callRoute(versionsPage.loader, await signedInRequest(f.drafter.id, "/x"), { agreementId: f.agreement.id });
    const labels = (versions.data as Awaited<ReturnType<typeof versionsPage.loader>>).versions.map((v) => v.statusLabel);
    expect(labels).toEqual([AGREEMENT_STATUS_LABELS.ter_ondertekening]);
  });

  it("a cadence: the afspraken page, the CSV export and the signing page (the PDF's document view) say the same words", async () => {
    const bearer = await db.agreementParty.findFirstOrThrow({ where: { agreementId: f.agreement.id, partyRole: "clb" } });
    await db.commitment.create({
      data: { agreementId: f.agreement.id, what: "Het CLB koppelt elk trimester terug.", status: "gepland", cadence: "per-trimester", bearerPartyId: bearer.id },
    });
    const label = CADENCE_LABELS["per-trimester"];

    const page = await callRoute(commitmentsPage.loader, await signedInRequest(f.drafter.id, "/x"), { agreementId: f.agreement.id });
    expect((page.data as Awaited<ReturnType<typeof commitmentsPage.loader>>).commitments.map((c) => c.cadence)).toEqual([label]);

    const rows = await download(commitmentsExport, f.drafter.id, "/export/afspraken.csv?schooljaar=2026-2027");
    expect(column(rows, "Hoe vaak")).toEqual([label]);

    const signer = await callRoute(signingPage.loader, new Request(`http://localhost/onderteken/${f.clbToken}`), { token: f.clbToken });
    const dues = (signer.data as Awaited<ReturnType<typeof signingPage.loader>>).document.commitments.map((c) => c.due);
    expect(dues).toContain(label);
  });
});
