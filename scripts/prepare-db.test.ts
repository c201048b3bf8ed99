import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `npm start` on a fresh clone migrates the database: one Dutch line, not
// Prisma's report with its warning about the schema's datasource url.
const dir = mkdtempSync(path.join(os.tmpdir(), "akkoord-prepare-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("prepare-db", () => {
  it("migrates a new database quietly", () => {
    const result = spawnSync(process.execPath, ["scripts/prepare-db.js"], {
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "app.db")}` },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(/^Databank bijwerken \(\d+ migratie\(s\)\)…\n$/);
    expect(output).not.toContain("will NOT be used");
  }, 60_000);
});
