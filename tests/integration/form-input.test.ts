// Control (Cc) and format (Cf) characters are refused at every text input:
// readFormData is the one door, every route action goes through it, and a
// refused submission stores nothing (a typed signature name, a school name).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import * as signingRoute from "~/routes/onderteken.$token";
import * as newSchoolRoute from "~/routes/scholen.nieuw";
import { db } from "~/utils/db.server";
import { FORM_MESSAGES, readFormData } from "~/utils/form-data.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { codeIn, createFrozenVersion, linkTokenIn, outboxMails, sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

const INVISIBLE = {
  nul: "\u0000",
  bell: "\u0007",
  escape: "\u001b",
  "zero-width space": "\u200b",
  "zero-width joiner": "\u200d",
  "right-to-left override": "\u202e",
  "byte order mark": "\ufeff",
  "soft hyphen": "\u00ad",
  "C1 control": "\u0085",
};

function post(fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return new Request("http://localhost/x", { method: "POST", body: form });
}

async function refusal(promise: Promise<unknown>) {
  const thrown = await promise.then(
    () => null,
    (error: unknown) => error as { data: { message: string; field?: string }; init: { status: number } },
  );
  expect(thrown).not.toBeNull();
  return { status: thrown!.init.status, message: thrown!.data.message, field: thrown!.data.field };
}

describe("readFormData refuses control and format characters", () => {
  it.each(Object.entries(INVISIBLE))("refuses a %s in a text field with a Dutch message", async (_label, character) => {
    const result = await refusal(readFormData(post({ intent: "save", name: `Basisschool De ${character}Regenboog` })));
    expect(result).toEqual({ status: 400, message: FORM_MESSAGES.invisible, field: "name" });
  });

  it("refuses tab and line breaks in single-line fields, allows them where the form has a textarea", async () => {
    for (const value of ["Anaïs\tVerbeke", "Anaïs\nVerbeke", "Anaïs\r\nVerbeke"]) {
      expect((await refusal(readFormData(post({ fullName: value })))).status).toBe(400);
    }
    const form = await readFormData(post({ reason: "Eerste regel\r\n\tTweede regel", "note:abc": "a\nb" }), {
      multiLine: (name) => name === "reason" || name.startsWith("note:"),
    });
    expect(form.get("reason")).toBe("Eerste regel\r\n\tTweede regel");
    // Other invisible characters stay refused in multi-line fields too.
    expect((await refusal(readFormData(post({ reason: "Regel\u202e" }), { multiLine: ["reason"] }))).status).toBe(400);
  });

  it("keeps ordinary Dutch text, accents and emoji; does not read files; leaves unchecked fields alone", async () => {
    const form = await readFormData(
      post({
        name: "Joëlle De Smet – “zorgcoördinator” 👍 € 250",
        bestand: new File(["naam;nummer\u0000\n"], "scholen.csv", { type: "text/csv" }),
        password: "geheim\u0007",
        csv: "\ufeffnummer;naam\r\n",
      }),
      { unchecked: ["password"], multiLine: ["csv"] },
    );
    // A byte order mark at the start (Excel, Notepad) is dropped; elsewhere it is refused (above).
    expect(form.get("csv")).toBe("nummer;naam\r\n");
    expect(form.get("name")).toBe("Joëlle De Smet – “zorgcoördinator” 👍 € 250");
    expect(form.get("password")).toBe("geheim\u0007");
  });

  it("refuses an invisible character in a field name too", async () => {
    expect((await refusal(readFormData(post({ "name\u0000": "x" })))).status).toBe(400);
  });
});

describe("every route action reads its form through readFormData", () => {
  // Actions that take no text: the 404 splat, signing out and the one-click renewal (no fields), /verifieer (one PDF file).
  const WITHOUT_TEXT = new Set(["$.tsx", "uitloggen.tsx", "verifieer.tsx", "overeenkomsten.$agreementId.vernieuwen.tsx"]);
  it("no action reads request.formData() itself", () => {
    const dir = path.resolve("app/routes");
    const offenders: string[] = [];
    for (const file of readdirSync(dir)) {
      const source = readFileSync(path.join(dir, file), "utf8");
      if (!/export (async )?function action|export const action/.test(source) || WITHOUT_TEXT.has(file)) continue;
      if (!source.includes("readFormData(request") || /request\.(formData|text|json)\(\)/.test(source)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

describe("nothing with an invisible character is stored", () => {
  let outbox: string;
  beforeAll(() => {
    outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-form-outbox-"));
    setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-form-certs-")) });
  });

  it("a school name with a right-to-left override is refused and no school is created", async () => {
    const service = await createOrganisation("brugfiguren");
    const user = await createUser([{ organisationId: service.id, role: "coordinator" }]);
    const before = await db.organisation.count();
    const request = await signedInRequest(user.id, "/scholen/nieuw", {
      method: "POST",
      form: {
        intent: "save",
        source: "manueel",
        instellingsnummer: "128999",
        name: "Basisschool \u202eDe Regenboog",
        street: "Kerkstraat 1",
        postalCode: "9100",
        municipality: "Sint-Niklaas",
      },
    });
    const result = await callRoute(newSchoolRoute.action, request);
    expect(result.status).toBe(400);
    expect((result.data as { message: string }).message).toBe(FORM_MESSAGES.invisible);
    expect(await db.organisation.count()).toBe(before);
  });

  it("a typed signature name with a zero-width space is refused with the right code and nothing is signed", async () => {
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    const signer = `directeur-${Date.now()}@school.test`;
    const f = await createFrozenVersion({
      school,
      clb,
      createdById: drafter.id,
      signatories: [{ partyRole: "school", name: "Anaïs Verbeke", functionTitle: "directeur", email: signer }],
    });
    await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit: { ipAddress: "10.0.0.1" } });
    const token = linkTokenIn((await outboxMails(outbox)).find((m) => m.to.includes(signer) && m.subject.startsWith("Gevraagd"))!.text)!;
    const sign = (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      return callRoute(signingRoute.action, new Request(`http://localhost/onderteken/${token}`, { method: "POST", body: form }), { token });
    };
    expect((await sign({ intent: "code" })).status).toBe(200);
    const code = codeIn((await outboxMails(outbox)).filter((m) => m.to.includes(signer) && m.subject === "Uw code om te ondertekenen").at(-1)!.text)!;

    const result = await sign({ intent: "sign", code, consent: "ja", fullName: "Anaïs\u200b Verbeke" });
    expect(result.status).toBe(400);
    expect((result.data as { message: string }).message).toBe(FORM_MESSAGES.invisible);
    expect(await db.signature.count({ where: { versionId: f.version.id } })).toBe(0);
  });
});
