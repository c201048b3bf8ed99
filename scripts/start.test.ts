import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateSealCertificate } from "~/domain/pdf/seal.server";
import { prepareDatabase } from "./prepare-db.js";

// `npm start` with AKKOORD_MODE=productie refuses, before it builds or writes
// anything, to start an installation that is not real: one Dutch line on
// stderr, exit code 1, no stack trace. (That it starts when everything is
// there is tests/e2e/installation-mode.test.ts: starting needs the build.)

const START = path.resolve(process.cwd(), "scripts", "start.js");
let dir: string;
let complete: Record<string, string | undefined>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "akkoord-start-"));
  // A self-made PKCS#12 (node-forge), as an organisation's certificate would be.
  const certs = path.join(dir, "certs");
  await loadOrCreateSealCertificate({ devDir: certs });
  complete = {
    PATH: process.env.PATH,
    AKKOORD_MODE: "productie",
    DATABASE_URL: `file:${path.join(dir, "leeg.db")}`,
    SEAL_P12_PATH: path.join(certs, "dev-seal.p12"),
    SEAL_P12_PASSPHRASE: readFileSync(path.join(certs, "dev-seal.pass"), "utf8").trim(),
    MAIL_TRANSPORT: "smtp",
    SMTP_URL: "smtp://127.0.0.1:2525",
    OTP_HMAC_KEY: "k".repeat(40),
    PUBLIC_URL: "https://akkoord.stad.be",
  };
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, [START], { env: env as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000 });
}

function expectRefusal(result: ReturnType<typeof start>, message: string | RegExp) {
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Akkoord start niet \(AKKOORD_MODE=productie\): /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).not.toContain("gebouwd");
}

describe("npm start with AKKOORD_MODE=productie", () => {
  it.each([
    ["SEAL_P12_PATH", { SEAL_P12_PATH: undefined }, "SEAL_P12_PATH ontbreekt"],
    ["MAIL_TRANSPORT", { MAIL_TRANSPORT: "file" }, "MAIL_TRANSPORT moet smtp of http zijn"],
    ["SMTP_URL", { SMTP_URL: undefined }, "SMTP_URL ontbreekt"],
    ["OTP_HMAC_KEY", { OTP_HMAC_KEY: "te-kort" }, "OTP_HMAC_KEY ontbreekt of is korter dan 32 tekens"],
    ["an https PUBLIC_URL", { PUBLIC_URL: "http://akkoord.stad.be" }, "PUBLIC_URL moet het https-adres"],
  ])("refuses without %s", (_what, change, message) => {
    expectRefusal(start({ ...complete, ...change }), message);
  }, 30_000);

  it("refuses a certificate that does not open", () => {
    const wrong = path.join(dir, "kapot.p12");
    writeFileSync(wrong, "geen certificaat");
    expectRefusal(start({ ...complete, SEAL_P12_PATH: wrong }), /SEAL_P12_PATH \(.*kapot\.p12\) kan niet geopend worden/);
    expectRefusal(start({ ...complete, SEAL_P12_PASSPHRASE: "fout" }), /dev-seal\.p12\) kan niet geopend worden/);
  }, 30_000);

  it("refuses a database that holds the demo users", () => {
    const demoDb = path.join(dir, "demo.db");
    prepareDatabase({ url: `file:${demoDb}`, quiet: true });
    // One demo user is enough (the seed itself takes half a minute on a busy machine).
    const db = new Database(demoDb);
    db.prepare("INSERT INTO User (id, email, name, passwordHash, createdAt, updatedAt) VALUES ('u1', 'Directie@Akkoord.Example', 'Els', 'x', 0, 0)").run();
    db.close();
    expectRefusal(start({ ...complete, DATABASE_URL: `file:${demoDb}` }), /bevat \d+ demogebruiker\(s\) \(@akkoord\.example\)/);
  }, 60_000);

  it("refuses an unknown mode with one line", () => {
    const result = start({ ...complete, AKKOORD_MODE: "production" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('AKKOORD_MODE moet "demo" of "productie" zijn, niet "production".');
  }, 30_000);
});

describe("npm start with a wrong setting", () => {
  it.each([
    ["PORT", { PORT: "abc" }, 'Ongeldige instelling PORT: moet een geheel getal (poort) van 1 tot 65535 zijn, niet "abc"'],
    ["SEAL_P12_PATH", { SEAL_P12_PATH: "/bestaat/niet/zegel.p12" }, "Ongeldige instelling SEAL_P12_PATH: het bestand /bestaat/niet/zegel.p12 bestaat niet"],
    ["MAIL_TRANSPORT", { MAIL_TRANSPORT: "smtp" }, "Ongeldige instelling SMTP_URL: ontbreekt (nodig met MAIL_TRANSPORT=smtp)"],
  ])("stops before building or writing anything when %s is wrong: one Dutch line naming it, exit code 1", (_name, change, message) => {
    const database = path.join(dir, "niet-gemaakt.db");
    const result = start({ PATH: process.env.PATH, DATABASE_URL: `file:${database}`, ...change });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`Akkoord start niet: ${message}`);
    expect(result.stdout).not.toContain("gebouwd");
    expect(existsSync(database)).toBe(false);
  }, 30_000);
});

