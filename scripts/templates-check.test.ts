import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const TSX = path.resolve(process.cwd(), "node_modules", ".bin", "tsx");
const SCRIPT = path.resolve(process.cwd(), "scripts", "templates-check.ts");

function run(...args: string[]) {
  return spawnSync(TSX, [SCRIPT, ...args], { encoding: "utf8", cwd: process.cwd() });
}

describe("scripts/templates-check.ts", () => {
  it("reports the real library as in order", () => {
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Sjablonen in orde: \d+ clausules, 4 documenttypes\.\n$/);
  }, 30_000);

  it("prints every problem and exits 1 for a broken library", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "akkoord-templates-check-"));
    try {
      const dir = path.join(root, "templates");
      cpSync(path.resolve(process.cwd(), "templates"), dir, { recursive: true });
      writeFileSync(path.join(dir, "clauses", "kapot.md"), "---\nid: kapot\n---\nTekst {{x}}\n");
      const result = run(dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("- templates/clauses/kapot.md: version: ontbreekt");
      expect(result.stderr).toContain("- templates/clauses/kapot.md: title: ontbreekt");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);
});
