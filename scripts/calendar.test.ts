import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, it, expect } from "vitest";
import { main } from "./calendar";

function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const expected2026 = {
  schoolYear: "2026-2027",
  start: "2026-09-01",
  end: "2027-08-31",
  holidays: [
    { name: "herfstvakantie", start: "2026-11-02", end: "2026-11-08" },
    { name: "kerstvakantie", start: "2026-12-21", end: "2027-01-03" },
    { name: "krokusvakantie", start: "2027-02-08", end: "2027-02-14" },
    { name: "paasvakantie", start: "2027-03-29", end: "2027-04-11" },
    { name: "zomervakantie", start: "2027-07-01", end: "2027-08-31" },
  ],
  daysOff: ["2026-11-11", "2027-05-06", "2027-05-07", "2027-05-17"],
};

describe("scripts/calendar.ts", () => {
  it("prints the school year as pretty JSON", () => {
    const { code, stdout, stderr } = run(["2026-2027"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual(expected2026);
    expect(stdout).toBe(`${JSON.stringify(expected2026, null, 2)}\n`);
  });

  it("prints usage and exits 2 without an argument", () => {
    const { code, stdout, stderr } = run([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Gebruik: npm run calendar -- 2026-2027");
  });

  it("rejects a malformed school year with exit code 2", () => {
    for (const arg of ["2026-2028", "2026"]) {
      const { code, stdout, stderr } = run([arg]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`Ongeldig schooljaar "${arg}": gebruik de vorm`);
    }
  });

  it("runs as a command with tsx", () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));
    const ok = spawnSync(process.execPath, [tsx, "scripts/calendar.ts", "2026-2027"], { cwd: root, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(expected2026);

    const bad = spawnSync(process.execPath, [tsx, "scripts/calendar.ts", "2026-2028"], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain('Ongeldig schooljaar "2026-2028": gebruik de vorm 2026-2027.');
  }, 30_000);
});
