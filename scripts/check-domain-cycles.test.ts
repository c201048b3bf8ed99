import { describe, expect, it } from "vitest";
import { findFolderCycles } from "./check-domain-cycles";

describe("findFolderCycles", () => {
  it("reports two folders that import each other, with one file per direction", () => {
    const cycles = findFolderCycles([
      { path: "agreements/a.server.ts", text: 'import { x } from "~/domain/signing/b";' },
      { path: "signing/b.ts", text: 'import type { Y } from "../agreements/c";\n' },
      { path: "agreements/c.ts", text: "export type Y = string;" },
    ]);
    expect(cycles).toEqual([
      {
        a: "agreements",
        b: "signing",
        aToB: "agreements/a.server.ts",
        bToA: "signing/b.ts",
      },
    ]);
  });

  it("accepts imports that only go one way, within a folder, or out of the domain", () => {
    const cycles = findFolderCycles([
      { path: "signing/a.ts", text: 'import { b } from "~/domain/calendar/dates";\nimport { c } from "./c";' },
      { path: "signing/c.ts", text: 'import { db } from "~/utils/db.server";\nexport { d } from "../calendar/d";' },
      { path: "calendar/dates.ts", text: 'import { z } from "zod";' },
    ]);
    expect(cycles).toEqual([]);
  });

  it("sees re-exports, multi-line imports and dynamic imports", () => {
    const cycles = findFolderCycles([
      { path: "a/x.ts", text: 'import {\n  one,\n  two,\n} from "~/domain/b/y";' },
      { path: "b/y.ts", text: 'const m = await import("../a/x");' },
      { path: "c/z.ts", text: 'export * from "~/domain/d/w";' },
      { path: "d/w.ts", text: 'export { v } from "~/domain/c/z";' },
      { path: "e/v.ts", text: 'import { addDays } from "~/domain/f";' },
      { path: "f/index.ts", text: 'export { u } from "../e";' },
    ]);
    expect(cycles.map((cycle) => `${cycle.a}<->${cycle.b}`)).toEqual(["a<->b", "c<->d", "e<->f"]);
  });
});
