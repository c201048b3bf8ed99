// Crashes of the whole server process (SIGKILL) at the worst moments, then a
// restart on the same database and mail folder:
// - during the reminder sweep that runs inside the server, while it delivers:
//   afterwards every due reminder is in the outbox once and marked sent;
// - while a signed agreement is being finalised (after the last signature
//   flipped the version to "ondertekend", before the sealed PDF was stored):
//   afterwards there is exactly one sealed PDF, one completion, one mail of it
//   per signatory.
// Mails are counted where they leave: the servers deliver over SMTP to a sink
// in this test (tests/mocks/smtp-sink.ts) that records every DATA, duplicates
// included (the file transport would overwrite a second copy with the same
// key). The guarantee of the outbox is AT LEAST ONCE WITH DE-DUPLICATION BY
// MESSAGE-ID: every due mail arrives, with a Message-ID derived from its
// idempotency key; a mail arrives a second time only when the process was
// killed between handing it to the SMTP server and marking it sent (at most one
// per kill: sends are one at a time), and then with the same Message-ID, so a
// receiver drops it. A second send of anything else fails the test.
// The reminders and signing modules test the same failure inside one process
// or one CLI run (tests/integration/reminders-processes.test.ts: a killed
// `npm run reminders:run`; tests/integration/signing-completion.test.ts: "a crash
// after the flip"); here it is the production server with its own sweep timer
// and HTTP requests in flight.
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { addDays } from "~/domain/calendar";
import { DEFAULT_MAIL_FROM } from "~/domain/mail/send-mail.server";
import { stableMessageId } from "~/domain/mail/transports/compose.server";
import { createSmtpTransport } from "~/domain/mail/transports/smtp.server";
import { loadDueFacts } from "~/domain/reminders/sweep.server";
import { dueItems } from "~/domain/reminders/due";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { finalizePendingVersions } from "~/domain/signing/finalize-version.server";
import { requestOneTimeCode } from "~/domain/signing/one-time-code.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { signVersion } from "~/domain/signing/sign-version.server";
import { verifySealedPdf } from "~/domain/pdf";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser } from "../factories";
import { codeIn, createFrozenVersion, linkTokenIn, outboxMails, sessionUserFor, type ClauseSpec } from "../factories/versions";
import { startAppServer, type AppServer } from "./support/server";
import { deliveryProblems, startSmtpSink, type SmtpSink } from "../mocks/smtp-sink";
import { openDatabase } from "./support/sqlite";
import { audit } from "./support/world";
import { setTestEnv } from "../support/env";

const servers: AppServer[] = [];
const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  for (const s of sinks.splice(0)) await s.close();
});

async function smtpSink(): Promise<SmtpSink> {
  const sink = await startSmtpSink();
  sinks.push(sink);
  return sink;
}

/** idempotency key → the Message-ID the app derives from it. */
const messageIds = (keys: readonly string[]) => new Map(keys.map((key) => [key, stableMessageId(key, process.env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM)]));

describe("the delivery check itself", () => {
  it("passes one delivery per mail and fails a double send of the same mail", async () => {
    const sink = await smtpSink();
    const transport = createSmtpTransport({ from: DEFAULT_MAIL_FROM, url: sink.url, timeoutMs: 5_000 });
    const mail = (key: string) => ({ to: "ouder@reliability.example", subject: `Herinnering ${key}`, text: "t", html: "<p>t</p>", idempotencyKey: key });
    await transport.send(mail("reminder:a"));
    await transport.send(mail("reminder:b"));
    const expected = messageIds(["reminder:a", "reminder:b"]);
    expect(deliveryProblems(sink.deliveries, expected, { kills: 0 })).toEqual([]);

    // The same mail handed over again without a crash: the file transport
    // would have kept one file; at the transport it is a second delivery.
    await transport.send(mail("reminder:a"));
    expect(sink.deliveries).toHaveLength(3);
    expect(deliveryProblems(sink.deliveries, expected, { kills: 0 })).toEqual([expect.stringContaining("delivered twice")]);
    // One kill may explain one duplicate, never two, never a third copy.
    expect(deliveryProblems(sink.deliveries, expected, { kills: 1 })).toEqual([]);
    await transport.send(mail("reminder:a"));
    expect(deliveryProblems(sink.deliveries, expected, { kills: 1 })).toEqual([expect.stringContaining("three times")]);
    // And a mail that never arrived is reported.
    expect(deliveryProblems(sink.deliveries, messageIds(["reminder:a", "reminder:b", "reminder:c"]), { kills: 1 }).join("\n")).toContain("never delivered");
  });
});

function integrityCheck(): string {
  const sqlite = openDatabase({ readonly: true });
  try {
    return sqlite.pragma("integrity_check", { simple: true }) as string;
  } finally {
    sqlite.close();
  }
}

/** A Monday 10:00 in Brussels (09:00 UTC) in an ordinary school week of 2026-2027. */
const NOW = new Date("2027-01-18T09:00:00Z");
const FAKE_TIME = "2027-01-18 09:00:00"; // read by faketime in the server's zone: TZ=UTC in its env

describe("SIGKILL during the reminder sweep inside the server", () => {
  it("after a restart every due reminder reached the SMTP server; a second copy only of the one in flight, with the same Message-ID", async () => {
    const sink = await smtpSink();
    // 120 signed agreements with an evaluation in 10 days: the 14-day reminder
    // is due now, for the school's and the CLB's people. "Now" is a Monday in an
    // ordinary school week, for this test and for the servers it starts (their
    // clock runs from NOW under faketime): reminders are sent on working days
    // only, and the test must not depend on the day it runs.
    const today = brusselsDate(NOW);
    for (let i = 0; i < 120; i++) {
      const school = await createOrganisation("school");
      const clb = await createOrganisation("clb");
      const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
      const ankerfiguur = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
      const agreement = await db.agreement.create({
        data: {
          documentType: "afsprakennota",
          title: `Afsprakennota crash ${i}`,
          schoolYear: "2026-2027",
          status: "ondertekend",
          parties: { create: [{ organisationId: school.id, partyRole: "school", position: 0 }, { organisationId: clb.id, partyRole: "clb", position: 1 }] },
          evaluationMoments: { create: { date: addDays(today, 10), label: "Tussentijdse evaluatie" } },
        },
        include: { parties: true },
      });
      // Each party names its contact person: reminders go to named people (decision 003).
      await db.agreementContact.createMany({
        data: agreement.parties.map((p) => ({
          agreementId: agreement.id,
          partyId: p.id,
          contactRole: p.partyRole === "school" ? "zorgcoordinator" : "ankerfiguur",
          userId: p.organisationId === school.id ? directie.id : ankerfiguur.id,
        })),
      });
    }
    const reminders = dueItems(await loadDueFacts(db, NOW), NOW).map((item) => item.idempotencyKey);
    expect(reminders.length).toBeGreaterThanOrEqual(240);
    // Mails the world already queued (invitations, notices to the other parties) leave in the same sweeps.
    const queued = (await db.outboxMessage.findMany({ where: { status: "pending" }, select: { idempotencyKey: true } })).map((m) => m.idempotencyKey);
    const expected = [...new Set([...reminders, ...queued])];

    const env = { REMINDERS_DISABLED: "0", REMINDERS_INTERVAL_MS: "300", MAIL_TRANSPORT: "smtp", SMTP_URL: sink.url, TZ: "UTC" };
    const first = await startAppServer(env, { fakeTime: FAKE_TIME });
    servers.push(first);
    // Kill it while it is delivering: some reminders out, most not yet.
    await expect.poll(() => sink.deliveries.length, { timeout: 60_000, interval: 5 }).toBeGreaterThanOrEqual(15);
    await first.kill();
    const sentBeforeCrash = sink.deliveries.length;
    expect(sentBeforeCrash).toBeLessThan(expected.length);
    expect(integrityCheck()).toBe("ok");

    // Restarted, the server's own sweep delivers what was still waiting; what
    // the killed process had claimed comes free when its lease runs out, for
    // the next sweep (here `npm run reminders:run` five minutes later).
    const second = await startAppServer(env, { port: first.port, fakeTime: FAKE_TIME });
    servers.push(second);
    await expect.poll(() => db.outboxMessage.count({ where: { status: "pending" } }), { timeout: 60_000, interval: 200 }).toBe(0);
    // Past the killed sweeper's lease (4 minutes), however long the servers ran.
    const later = new Date(NOW.getTime() + 10 * 60_000).toISOString();
    // Not spawnSync: the SMTP sink lives in this process and must keep answering.
    await promisify(execFile)(path.resolve("node_modules", ".bin", "tsx"), ["scripts/reminders-run.ts", "--now", later], {
      env: { ...process.env, NODE_ENV: "production", ...env },
      encoding: "utf8",
    });
    await second.stop();

    const rows = await db.outboxMessage.findMany({ where: { idempotencyKey: { in: expected } } });
    expect(rows).toHaveLength(expected.length); // nothing lost
    expect(rows.filter((r) => r.status !== "sent")).toEqual([]);
    expect(deliveryProblems(sink.deliveries, messageIds(expected), { kills: 1 })).toEqual([]);
    expect(integrityCheck()).toBe("ok");
  }, 240_000);
});

/** Long enough that rendering and sealing the final PDF takes a moment. */
const MANY_CLAUSES: ClauseSpec[] = Array.from({ length: 80 }, (_, i) => ({
  section: `rubriek-${Math.floor(i / 8)}`,
  sectionTitle: `Rubriek ${Math.floor(i / 8) + 1}`,
  title: `Afspraak ${i + 1}`,
  text: `De school en het CLB spreken af (${i + 1}) dat ze elkaar tijdig informeren. `.repeat(12),
}));

describe("SIGKILL while a signed agreement is being finalised", () => {
  it("after a restart there is exactly one sealed PDF, one completion and one mail per signatory", async () => {
    const outbox = path.join(process.env.MAIL_OUTBOX_DIR!, "signing");
    mkdirSync(outbox, { recursive: true });
    setTestEnv({ MAIL_OUTBOX_DIR: outbox });
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_directeur" }]);
    const f = await createFrozenVersion({ clb, createdById: drafter.id, clauses: MANY_CLAUSES });
    await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit });
    const tokens = new Map<string, string>();
    for (const s of f.signatories) {
      const token = linkTokenIn((await outboxMails(outbox)).filter((m) => m.to.includes(s.email)).at(-1)!.text)!;
      await requestOneTimeCode({ token, audit });
      tokens.set(s.email, token);
    }
    const codeOf = async (email: string) => codeIn((await outboxMails(outbox)).filter((m) => m.to.includes(email) && m.subject === "Uw code om te ondertekenen").at(-1)!.text)!;
    const [firstSigner, lastSigner] = f.signatories;
    await signVersion({ token: tokens.get(firstSigner!.email)!, code: await codeOf(firstSigner!.email), consent: true, fullName: firstSigner!.name, drawnSignature: null, audit });

    // The servers mail over SMTP to the sink; this process (invitations, codes) keeps the file outbox.
    const sink = await smtpSink();
    const env = { MAIL_TRANSPORT: "smtp", SMTP_URL: sink.url };
    const first = await startAppServer(env);
    servers.push(first);
    // The last signature, through the server; kill the server the moment the
    // version is signed, while it renders and seals the final PDF.
    const sqlite = openDatabase({ readonly: true });
    const state = () => sqlite.prepare(`SELECT "status", "finalPdf" IS NOT NULL AS pdf FROM "AgreementVersion" WHERE "id" = ?`).get(f.version.id) as { status: string; pdf: number };
    const body = new URLSearchParams({ intent: "sign", code: await codeOf(lastSigner!.email), consent: "on", fullName: lastSigner!.name });
    const submitted = fetch(`${first.base}/onderteken/${tokens.get(lastSigner!.email)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      redirect: "manual",
    }).catch((error: unknown) => error);
    // A stopwatch (monotonic), not the calendar: the server's clock is faked at NOW.
    const started = performance.now();
    while (state().status !== "ondertekend" && performance.now() - started < 30_000) await new Promise((r) => setTimeout(r, 1));
    await first.kill();
    await submitted;
    const atCrash = state();
    sqlite.close();
    expect(atCrash.status).toBe("ondertekend");
    expect(atCrash.pdf, "the kill came after the PDF was stored: the crash window was missed").toBe(0);
    expect(integrityCheck()).toBe("ok");

    // Restart: the server finishes signed versions without a PDF when it
    // starts (finalizePendingVersions, scripts/server.js).
    const second = await startAppServer(env, { port: first.port });
    servers.push(second);
    await expect
      .poll(async () => (await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).finalPdf !== null, { timeout: 60_000, interval: 100 })
      .toBe(true);
    await expect.poll(() => db.auditEvent.count({ where: { versionId: f.version.id, action: "signing.final-pdf-mailed" } }), { timeout: 30_000 }).toBe(1);
    // "Mailed" means queued in the outbox with the event; the server delivers the queue right after.
    await expect
      .poll(() => db.outboxMessage.count({ where: { kind: "signing-final-pdf", agreementId: f.agreement.id, status: { not: "sent" } } }), { timeout: 30_000, interval: 100 })
      .toBe(0);
    await second.stop();
    // Running the recovery again changes nothing.
    const again = await finalizePendingVersions();
    expect(again.finalized).not.toContain(f.version.id);
    expect(again.mailed).not.toContain(f.version.id);

    const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    expect(version.status).toBe("ondertekend");
    const verification = verifySealedPdf(new Uint8Array(version.finalPdf!), { trustedFingerprints: [] });
    expect(verification.sealed && verification.intact && verification.coversWholeFile).toBe(true);
    const count = (action: string) => db.auditEvent.count({ where: { versionId: f.version.id, action } });
    expect(await count("signing.completed")).toBe(1);
    expect(await count("signing.final-pdf-stored")).toBe(1);
    expect(await count("signing.final-pdf-mailed")).toBe(1);
    expect(await db.signature.count({ where: { versionId: f.version.id } })).toBe(f.signatories.length);
    // Exactly once per signatory at the transport: no kill happened while these were sent.
    const finalMails = sink.deliveries.filter((m) => m.subject.startsWith("Ondertekend:"));
    expect(finalMails.map((m) => m.to[0]).sort()).toEqual(f.signatories.map((s) => s.email).sort());
    expect(new Set(finalMails.map((m) => m.messageId)).size).toBe(finalMails.length);
  }, 180_000);
});
