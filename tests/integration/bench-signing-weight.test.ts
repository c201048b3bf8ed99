import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pageScripts, signingPageWeight, SIGNING_ROUTE_ID } from "../../bench/signing-weight";

// A small client build: the figure counts the signing page's scripts (entry,
// root, the signing route and their imports, the manifest), not other routes',
// at the size of their .gz (or the file itself when there is none).
const dir = mkdtempSync(path.join(os.tmpdir(), "akkoord-weight-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("signing.js_gz_kb", () => {
  it("sums the compressed files the signing page loads", () => {
    mkdirSync(path.join(dir, "assets"));
    const manifest = {
      entry: { module: "/assets/entry.js", imports: ["/assets/react.js"] },
      routes: {
        root: { module: "/assets/root.js", imports: ["/assets/react.js"] },
        [SIGNING_ROUTE_ID]: { module: "/assets/sign.js", imports: ["/assets/shared.js"] },
        "routes/overzicht": { module: "/assets/dashboard.js", imports: [] },
      },
    };
    writeFileSync(path.join(dir, "assets", "manifest-abc123.js"), `window.__remixManifest=${JSON.stringify(manifest)};`);
    const sizes: Record<string, [number, number | null]> = {
      "entry.js": [2048, 1024],
      "react.js": [10 * 1024, 3 * 1024],
      "root.js": [1024, 512],
      "sign.js": [4096, 2048],
      "shared.js": [300, null],
      "dashboard.js": [50 * 1024, 20 * 1024],
    };
    for (const [name, [raw, gz]] of Object.entries(sizes)) {
      writeFileSync(path.join(dir, "assets", name), Buffer.alloc(raw));
      if (gz !== null) {
        writeFileSync(path.join(dir, "assets", `${name}.gz`), Buffer.alloc(gz));
        writeFileSync(path.join(dir, "assets", `${name}.br`), Buffer.alloc(gz - 100));
      }
    }
    expect(pageScripts(dir, ["root", SIGNING_ROUTE_ID]).sort()).toEqual(
      ["/assets/entry.js", "/assets/manifest-abc123.js", "/assets/react.js", "/assets/root.js", "/assets/sign.js", "/assets/shared.js"].sort(),
    );
    const manifestBytes = `window.__remixManifest=${JSON.stringify(manifest)};`.length;
    const weight = signingPageWeight(dir);
    expect(weight.files).toBe(6);
    expect(weight.gzKb * 1024).toBe(1024 + 3 * 1024 + 512 + 2048 + 300 + manifestBytes);
    expect(weight.brKb * 1024).toBe(1024 + 3 * 1024 + 512 + 2048 - 400 + 300 + manifestBytes);
  });

  it("a route that does not hydrate (handle.hydrate false) counts only the scripts its handle names", () => {
    writeFileSync(path.join(dir, "pad.js"), Buffer.alloc(3000));
    writeFileSync(path.join(dir, "pad.js.gz"), Buffer.alloc(1000));
    const handles = [undefined, { hydrate: false, scripts: ["/pad.js"] }];
    expect(pageScripts(dir, ["root", SIGNING_ROUTE_ID], handles)).toEqual(["/pad.js"]);
    expect(signingPageWeight(dir, handles)).toMatchObject({ files: 1, gzKb: 1000 / 1024, rawKb: 3000 / 1024 });
  });
});
