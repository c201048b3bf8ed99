// Issue 19: a demo installation (the default) says so on every page, in every
// mail and in every sealed PDF, and /verifieer says its seal is not real; a
// real installation gets its first beheerder from a one-time command.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAIL_NOTICE } from "~/domain/mail/templates";
import { DEMO_PDF_AUDIT_NOTICE, DEMO_PDF_FOOTER } from "~/domain/pdf";
import { normaliseWhitespace, pdftotextPages, writeTempPdf } from "../support/pdf";
import { BeheerderExistsError, FIRST_BEHEERDER_LINK_HOURS, inviteFirstBeheerder } from "~/domain/people/first-beheerder.server";
import { acceptWithNewAccount, findOpenInvitation, InvitationUnusableError } from "~/domain/people/invitations.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import * as root from "~/root";
import * as verifyRoute from "~/routes/verifieer";
import { db } from "~/utils/db.server";
import { main as beheerderMaak } from "../../scripts/beheerder-maak";
import { createOrganisation, createUser } from "../factories";
import { createFrozenVersion, outboxMails, sessionUserFor, signAllThroughOutbox } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

let outbox: string;
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "akkoord-demo-mode-"));
  outbox = path.join(tmp, "outbox");
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: path.join(tmp, "certs") });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("a demo installation (AKKOORD_MODE unset)", () => {
  it("every page gets the demo banner flag from the root loader, signed in or not", async () => {
    const anonymous = await callRoute(root.loader, new Request("http://localhost/inloggen"));
    expect(anonymous.data).toMatchObject({ demo: true, user: null });
  });

  it("marks the mails, the sealed PDF and the /verifieer verdict of a signed agreement", async () => {
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    const f = await createFrozenVersion({ clb, createdById: drafter.id });
    await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit: {} });
    await signAllThroughOutbox(f.signatories, outbox);

    const mails = await outboxMails(outbox);
    expect(mails.length).toBeGreaterThan(4);
    for (const mail of mails) expect(mail.text).toContain(DEMO_MAIL_NOTICE);

    const sealed = new Uint8Array((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).finalPdf!);
    const pages = pdftotextPages(writeTempPdf(tmp, "ondertekend.pdf", sealed));
    for (const page of pages) expect(page).toContain(DEMO_PDF_FOOTER);
    expect(normaliseWhitespace(pages.join("\n"))).toContain(normaliseWhitespace(DEMO_PDF_AUDIT_NOTICE));

    const form = new FormData();
    form.append("pdf", new File([sealed], "ondertekend.pdf", { type: "application/pdf" }));
    const verdict = await callRoute(verifyRoute.action, new Request("http://localhost/verifieer", { method: "POST", body: form }));
    expect(verdict.data).toMatchObject({ genuine: true });
    expect((verdict.data as { demoNotice: string }).demoNotice).toMatch(/demozegel.*geen echt zegel/);
  }, 90_000);
});

describe("the first beheerder (npm run beheerder:maak)", () => {
  // One moment for the whole story: the link is made at T and used or not around it.
  const T = new Date("2026-12-01T09:00:00Z");
  const HOUR = 3_600_000;
  const tokenOf = (url: string) => /\/uitnodiging\/([A-Za-z0-9_-]+)$/.exec(url)![1]!;
  const account = { name: "Eerste Beheerder", password: "Een-lang-wachtwoord", passwordConfirm: "Een-lang-wachtwoord" };

  it("the command prints the one-time link", async () => {
    const out: string[] = [];
    const output = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
    expect(await beheerderMaak(["Eerste@Stad.be", "--organisatie", "Stad Gent"], output, T)).toBe(0);
    expect(out.join("")).toMatch(/^Eenmalige link voor de eerste beheerder \(eerste@stad\.be, Stad Gent\), geldig tot .*\n\S+\/uitnodiging\/[A-Za-z0-9_-]{43}\n/);
  });

  it("prints a one-time link that expires after 24 hours and that a second run replaces", async () => {
    const first = await inviteFirstBeheerder({ email: "Eerste@Stad.be", organisationName: "Stad Gent", now: T });
    const token = tokenOf(first.url);
    expect(first.expiresAt.getTime() - T.getTime()).toBe(FIRST_BEHEERDER_LINK_HOURS * HOUR);
    expect(await db.invitation.count({ where: { tokenHash: token } })).toBe(0); // stored hashed
    expect(await findOpenInvitation(token, new Date(T.getTime() + 23 * HOUR))).toMatchObject({ email: "eerste@stad.be", role: "beheerder" });
    expect(await findOpenInvitation(token, new Date(T.getTime() + 24 * HOUR))).toBeNull();
    await expect(
      acceptWithNewAccount({ token, input: account, audit: {}, now: new Date(T.getTime() + 25 * HOUR) }),
    ).rejects.toBeInstanceOf(InvitationUnusableError);
    expect(await db.user.count({ where: { email: "eerste@stad.be" } })).toBe(0);

    // The link expired unused: the command may run again; its newer link replaces any older one.
    const later = new Date(T.getTime() + 26 * HOUR);
    const second = await inviteFirstBeheerder({ email: "eerste@stad.be", organisationName: "Stad Gent", now: later });
    const third = await inviteFirstBeheerder({ email: "eerste@stad.be", organisationName: "Stad Gent", now: later });
    expect(await findOpenInvitation(tokenOf(second.url), later)).toBeNull();
    expect(third.organisation).toEqual(second.organisation);

    // The link works once: name and password, and the person is beheerder of Stad Gent.
    const userId = await acceptWithNewAccount({ token: tokenOf(third.url), input: account, audit: {}, now: new Date(later.getTime() + HOUR) });
    const memberships = await db.membership.findMany({ where: { userId }, include: { organisation: true } });
    expect(memberships.map((m) => [m.role, m.organisation.name, m.organisation.kind])).toEqual([["beheerder", "Stad Gent", "lokaal_bestuur"]]);
    await expect(
      acceptWithNewAccount({ token: tokenOf(third.url), input: account, audit: {}, now: new Date(later.getTime() + 2 * HOUR) }),
    ).rejects.toBeInstanceOf(InvitationUnusableError);

    // Now that a beheerder exists, the command refuses.
    await expect(inviteFirstBeheerder({ email: "tweede@stad.be", now: later })).rejects.toBeInstanceOf(BeheerderExistsError);
  });

  it("the command prints the refusal in one Dutch line with exit code 1, and its usage for bad arguments", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const output = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    expect(await beheerderMaak(["tweede@stad.be"], output, T)).toBe(1);
    expect(err.join("")).toBe(`${new BeheerderExistsError().message}\n`);
    expect(out).toEqual([]);
    expect(await beheerderMaak([], output, T)).toBe(2);
    expect(err.join("")).toContain("Gebruik: npm run beheerder:maak -- <e-mail>");
  });
});
