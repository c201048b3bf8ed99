// At start-up the database gets a PRAGMA quick_check: a damaged or unreadable
// file stops `npm start` (scripts/start.js) and the server (scripts/server.js)
// at once with one Dutch line, no stack trace. Each case uses a copy of this
// test file's migrated database.
import { spawnSync } from "node:child_process";
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { sqlitePathFromUrl } from "~/utils/sqlite-adapter.server";
import { databaseProblem } from "../../scripts/database-check.js";

let dir: string;
let healthy: string;
let pageSize: number;
let pageCount: number;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "akkoord-dbcheck-"));
  healthy = path.join(dir, "healthy.db");
  const source = new Database(sqlitePathFromUrl(process.env.DATABASE_URL!));
  source.exec(`VACUUM INTO '${healthy}'`);
  source.close();
  const copy = new Database(healthy, { readonly: true });
  pageSize = copy.pragma("page_size", { simple: true }) as number;
  pageCount = copy.pragma("page_count", { simple: true }) as number;
  copy.close();
});

/** A copy of the healthy database with `length` bytes from `offset` overwritten. */
function damagedCopy(name: string, offset: number, length: number) {
  const file = path.join(dir, name);
  copyFileSync(healthy, file);
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(length, 0x5a), 0, length, offset);
  closeSync(fd);
  return file;
}

const serverJs = pathToFileURL(path.resolve("scripts", "server.js")).href;
const starts = {
  "npm start (scripts/start.js)": ["scripts/start.js"],
  "the server (scripts/server.js startServer)": ["--input-type=module", "--eval", `const { startServer } = await import(${JSON.stringify(serverJs)}); await startServer({ port: 0, host: "127.0.0.1" });`],
};

/** Starts the app on `file`; on a broken database it must stop by itself, long before the timeout. */
function start(args: string[], file: string) {
  return spawnSync(process.execPath, args, {
    cwd: path.resolve("."),
    // A build folder that does not exist: were the database not checked first, the start would build (and time out).
    env: { ...process.env, DATABASE_URL: `file:${file}`, BUILD_DIR: path.join(dir, "no-build"), NODE_ENV: "production", REMINDERS_DISABLED: "1" },
    encoding: "utf8",
    timeout: 15_000,
  });
}

describe("databaseProblem (PRAGMA quick_check)", () => {
  it("finds nothing wrong with an intact database or one that does not exist yet", () => {
    expect(databaseProblem(healthy)).toBeNull();
    expect(databaseProblem(path.join(dir, "not-made-yet.db"))).toBeNull();
  });

  it("names what is wrong with a damaged, foreign or unreadable file", () => {
    expect(databaseProblem(damagedCopy("pages.db", pageSize * Math.floor(pageCount / 2), pageSize * 3))).toMatch(/malformed|corrupt|page/i);
    expect(databaseProblem(damagedCopy("header.db", 0, 100))).toMatch(/not a database/);
    const folder = path.join(dir, "folder.db");
    mkdirSync(folder, { recursive: true });
    expect(databaseProblem(folder)).toMatch(/unable to open/);
  });
});

describe.each(Object.entries(starts))("%s on a broken database", (_name, args) => {
  it.each([
    ["damaged pages", () => damagedCopy("pages-start.db", pageSize * Math.floor(pageCount / 2), pageSize * 3)],
    ["a file that is not a database", () => damagedCopy("header-start.db", 0, 100)],
  ])("%s: exits 1 with one Dutch line and no stack trace", (_case, make) => {
    const file = make();
    const result = start(args, file);
    expect(result.error, "the start did not stop by itself").toBeUndefined();
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^Akkoord start niet: de databank .+ is beschadigd of onleesbaar \(.+\)\. Zet een back-up terug/);
    expect(lines[0]).toContain(file);
    expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(result.stdout).not.toMatch(/gebouwd|Databank bijwerken/);
  });
});
