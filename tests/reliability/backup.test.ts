// `npm run backup -- <file>` while the app keeps writing: through the server
// (draft saves, each a transaction that bumps the revision and writes an audit
// event) and directly (a stream of inserts). The backup passes
// PRAGMA integrity_check, is one consistent snapshot (revision and audit events
// agree), and the app starts on it and serves a signed-in page.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { db } from "~/utils/db.server";
import { sessionUserFor } from "../factories/versions";
import { startAppServer, type AppServer } from "./support/server";
import { openDatabase, sessionCookieFor } from "./support/sqlite";
import { demoEmail, editableAfsprakennota } from "./support/world";

let server: AppServer;
const servers: AppServer[] = [];

beforeAll(async () => {
  // Some weight, so the backup takes a moment: ~60 MB of audit history.
  const sqlite = openDatabase();
  const insert = sqlite.prepare(`INSERT INTO "AuditEvent" ("id", "action", "data", "createdAt") VALUES (?, ?, ?, ?)`);
  sqlite.transaction(() => {
    for (let i = 0; i < 150_000; i++) insert.run(randomUUID(), "bench.history", JSON.stringify({ i, note: "x".repeat(300) }), new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString().replace("Z", "+00:00"));
  })();
  sqlite.close();
  server = await startAppServer();
  servers.push(server);
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
});

function runBackup(target: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.resolve("node_modules", ".bin", "tsx"), ["scripts/backup.ts", "--", target], { env: process.env });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      stderr += "\n(backup did not finish within 90 s)";
      child.kill("SIGKILL");
    }, 90_000);
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm run backup while the app writes", () => {
  it("takes a consistent online backup; the restored file passes integrity_check and the app starts on it", async () => {
    const agreement = await editableAfsprakennota();
    const user = await sessionUserFor((await db.user.findUniqueOrThrow({ where: { email: demoEmail("clb_medewerker") } })).id);
    const variable = (await loadDraft({ user, agreementId: agreement.id })).variables.find((v) => v.type === "text")!;
    const cookie = sessionCookieFor(demoEmail("clb_medewerker"));

    // Writers: draft saves through the server, and direct inserts.
    let writing = true;
    let saves = 0;
    let inserts = 0;
    const refused: number[] = [];
    const saver = (async () => {
      while (writing) {
        const { draftRevision } = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
        const response = await fetch(`${server.base}/overeenkomsten/${agreement.id}/invullen`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          body: new URLSearchParams({ revision: String(draftRevision), [`v:${variable.name}`]: `Versie ${saves}` }).toString(),
          redirect: "manual",
        });
        await response.arrayBuffer();
        if (response.status === 302) saves++;
        else refused.push(response.status);
      }
    })();
    // A second writer on its own connection: small transactions, back to back.
    const direct = openDatabase();
    direct.pragma("synchronous = NORMAL");
    const insert = direct.prepare(`INSERT INTO "AuditEvent" ("id", "action", "createdAt") VALUES (?, 'bench.during-backup', ?)`);
    const insertBatch = direct.transaction(() => {
      for (let i = 0; i < 20; i++) insert.run(randomUUID(), new Date().toISOString().replace("Z", "+00:00"));
    });
    const inserter = setInterval(() => {
      insertBatch();
      inserts += 20;
    }, 10);

    const target = path.join(path.dirname(process.env.DATABASE_URL!.replace(/^file:/, "")), `backup-${randomUUID()}.db`);
    await new Promise((r) => setTimeout(r, 300));
    const savesBefore = saves;
    const result = await runBackup(target);
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    clearInterval(inserter);
    await saver;
    direct.close();
    expect(refused, "every save through the server succeeded").toEqual([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("integrity_check: ok");
    expect(saves - savesBefore, "the app kept saving while the backup ran").toBeGreaterThan(0);
    expect(inserts).toBeGreaterThan(0);

    // The copy is one snapshot: every save it contains has its audit event.
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.pragma("foreign_key_check")).toEqual([]);
    const inCopy = copy.prepare(`SELECT "draftRevision" FROM "Agreement" WHERE "id" = ?`).get(agreement.id) as { draftRevision: number };
    const savedEvents = copy.prepare(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "agreementId" = ? AND "action" = 'draft.values-saved'`).get(agreement.id) as { n: number };
    const live = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    const liveEvents = await db.auditEvent.count({ where: { agreementId: agreement.id, action: "draft.values-saved" } });
    expect(inCopy.draftRevision - savedEvents.n).toBe(live.draftRevision - liveEvents);
    expect(inCopy.draftRevision).toBeLessThan(live.draftRevision); // writes went on after the snapshot
    copy.close();

    // Restore = start the app on the copy.
    const restored = await startAppServer({ DATABASE_URL: `file:${target}` });
    servers.push(restored);
    const restoredDb = new Database(target);
    const restoredCookie = sessionCookieFor(demoEmail("directie"), restoredDb);
    restoredDb.close();
    const page = await fetch(`${restored.base}/`, { headers: { cookie: restoredCookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("De afspraken van uw school");
    await restored.stop();
  }, 180_000);
});
