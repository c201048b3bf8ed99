import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const TSX = path.resolve(process.cwd(), "node_modules", ".bin", "tsx");
const SCRIPT = path.resolve(process.cwd(), "scripts", "templates-check.ts");

function run(...args: string[]) {
  return spawnSync(TSX, [SCRIPT, ...args], { encoding: "utf8", cwd: process.cwd() });
}

/** Runs the check on a copy of the real templates after `change(dir)`. */
function runOnCopy(change: (dir: string) => void) {
  const root = mkdtempSync(path.join(os.tmpdir(), "akkoord-templates-check-"));
  try {
    const dir = path.join(root, "templates");
    cpSync(path.resolve(process.cwd(), "templates"), dir, { recursive: true });
    change(dir);
    return run(dir);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function edit(file: string, from: string, to: string) {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${from} not found in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

describe("scripts/templates-check.ts", () => {
  it("reports the real library as in order", () => {
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Sjablonen in orde: \d+ clausules, 4 documenttypes\.\n$/);
  }, 30_000);

  it("prints every problem and exits 1 for a broken library", () => {
    const result = runOnCopy((dir) => writeFileSync(path.join(dir, "clauses", "kapot.md"), "---\nid: kapot\n---\nTekst {{x}}\n"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("- templates/clauses/kapot.md: version: ontbreekt");
    expect(result.stderr).toContain("- templates/clauses/kapot.md: title: ontbreekt");
  }, 30_000);

  it("fails when the short afsprakennota gets a 16th clause", () => {
    const result = runOnCopy((dir) =>
      // heldere-taal fits every level and sits in the right section: only the count is wrong.
      edit(path.join(dir, "document-types", "afsprakennota.yaml"), "  - stavaza-terugkoppeling\n  - informatie-delen", "  - stavaza-terugkoppeling\n  - heldere-taal\n  - informatie-delen"),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '- templates/document-types/afsprakennota.yaml: leanClauses: de korte nota telt 16 clausules voor onderwijsniveau "secundair"; hoogstens 15: houd ze kort',
    );
  }, 30_000);

  it("fails on an unknown level of education", () => {
    const result = runOnCopy((dir) => edit(path.join(dir, "clauses", "domein-onderwijsloopbaan.md"), "levels: [basis, buitengewoon]", "levels: [basis, lager]"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '- templates/clauses/domein-onderwijsloopbaan.md: levels[1]: ongeldige waarde "lager" (mogelijk: basis, secundair, buitengewoon)',
    );
  }, 30_000);

  it("fails when a level's short nota leaves a required section empty", () => {
    // Without the shared communicatie clauses, basis has none left; secundair keeps its exam clause.
    const result = runOnCopy((dir) =>
      edit(path.join(dir, "document-types", "afsprakennota.yaml"), "  - vaste-overlegmomenten\n  - examenperiodes-en-klassenraden\n  - buitengewoon-overleg-met-pbd\n  - stavaza-terugkoppeling\n  - informatie", "  - examenperiodes-en-klassenraden\n  - informatie"),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '- templates/document-types/afsprakennota.yaml: sections[4]: verplichte sectie "communicatie" heeft geen clausule in de korte nota (leanClauses) voor onderwijsniveau "basis"',
    );
    expect(result.stderr).not.toContain('voor onderwijsniveau "secundair"');
  }, 30_000);

  describe("party bounds", () => {
    const sso = (dir: string) => path.join(dir, "document-types", "samenwerkingsovereenkomst.yaml");

    it("fails when a role has no max (a number, or unbounded said out loud)", () => {
      const result = runOnCopy((dir) => edit(sso(dir), "    min: 1\n    max: 200\n", "    min: 1\n"));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        '- templates/document-types/samenwerkingsovereenkomst.yaml: parties[1].max: ontbreekt (een getal van minstens 1, of "unbounded")',
      );
    }, 30_000);

    it("accepts an explicitly unbounded role", () => {
      const result = runOnCopy((dir) => edit(sso(dir), "    min: 1\n    max: 200\n", "    min: 1\n    max: unbounded\n"));
      expect(result.status).toBe(0);
    }, 30_000);

    it("fails when min is larger than max", () => {
      const result = runOnCopy((dir) => edit(sso(dir), "    min: 0\n    max: 3\n", "    min: 4\n    max: 3\n"));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("- templates/document-types/samenwerkingsovereenkomst.yaml: parties[3].max: 3 is kleiner dan min (4)");
    }, 30_000);

    it("fails on an unknown kind of organisation", () => {
      const result = runOnCopy((dir) => edit(sso(dir), "organisationKinds: [welzijnspartner, brugfiguren]", "organisationKinds: [welzijnspartner, jeugdhuis]"));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        '- templates/document-types/samenwerkingsovereenkomst.yaml: parties[2].organisationKinds[1]: ongeldige waarde "jeugdhuis" (mogelijk: school, clb, brugfiguren, lokaal_bestuur, welzijnspartner)',
      );
    }, 30_000);
  });
});
