import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onBuildWarning, precompressDirectory, precompressedFiles } from "../../scripts/precompress.js";
import { chooseEncoding, sendResponse, servePrecompressed, undoPrecompressed } from "../../scripts/server.js";

// The production server compresses: static files from the .br/.gz made at
// build time (scripts/precompress.js), Remix's pages on the fly (node:zlib).
// A real Express server on a free port, the same middlewares as scripts/server.js.

const dir = mkdtempSync(path.join(os.tmpdir(), "akkoord-compression-"));
const script = `export function hello(){return ${JSON.stringify("hallo wereld ".repeat(2000))}}\n`;
const page = `<!DOCTYPE html><html lang="nl-BE"><body>${"<p>Een afsprakennota om te ondertekenen.</p>".repeat(500)}</body></html>`;
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(path.join(dir, "assets"));
  writeFileSync(path.join(dir, "assets", "app-abc.js"), script);
  writeFileSync(path.join(dir, "robots.txt"), "User-agent: *\n");
  writeFileSync(path.join(dir, "icon.png"), Buffer.alloc(4096, 1));
  await precompressDirectory(dir);
  const app = express();
  app.use(servePrecompressed(dir, await precompressedFiles(dir)));
  app.use(express.static(dir));
  app.use(undoPrecompressed);
  app.get("/pagina", (req, res) => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(page.slice(0, 1000)));
        controller.enqueue(new TextEncoder().encode(page.slice(1000)));
        controller.close();
      },
    });
    void sendResponse(req, res, new Response(stream, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
  });
  app.get("/klein", (req, res) => void sendResponse(req, res, new Response("ok", { headers: { "Content-Type": "text/plain", "Content-Length": "2" } })));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET: the bytes as sent, not decoded. */
function get(pathname: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${pathname}`, { headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("build step: precompressed assets", () => {
  it("writes .br and .gz beside compressible files only, and they decode to the file", () => {
    const file = path.join(dir, "assets", "app-abc.js");
    expect(zlib.brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(script);
    expect(zlib.gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(script);
    expect(existsSync(path.join(dir, "icon.png.br"))).toBe(false); // images are compressed already
    expect(existsSync(path.join(dir, "robots.txt.br"))).toBe(false); // too small to gain
  });
});

describe("build output", () => {
  it("drops Rollup's 'Generated an empty chunk' (routes with only a loader) and keeps every other warning", () => {
    const shown: unknown[] = [];
    onBuildWarning({ code: "EMPTY_BUNDLE", message: 'Generated an empty chunk: "healthz".' }, (w: unknown) => shown.push(w));
    const other = { code: "CIRCULAR_DEPENDENCY", message: "Circular dependency" };
    onBuildWarning(other, (w: unknown) => shown.push(w));
    expect(shown).toEqual([other]);
  });
});

describe("serving", () => {
  it("prefers brotli, then gzip, and honours q=0", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(chooseEncoding("gzip")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0.8")).toBe("gzip");
    expect(chooseEncoding("identity")).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
  });

  it("a static asset: the .br for a brotli browser, the .gz for gzip, the file itself otherwise, with the file's type", async () => {
    const br = await get("/assets/app-abc.js", "gzip, deflate, br");
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(script);
    expect(br.body.length).toBeLessThan(script.length / 10);

    const gz = await get("/assets/app-abc.js", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).toString()).toBe(script);

    const plain = await get("/assets/app-abc.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.toString()).toBe(script);
  });

  it("a precompressed file removed since the start is not answered with a wrong Content-Encoding", async () => {
    const fresh = express();
    fresh.use(servePrecompressed(dir, new Set(["weg.js.br"])));
    fresh.use(express.static(dir));
    fresh.use(undoPrecompressed);
    fresh.get("/weg.js", (_req, res) => void res.type("text/plain").send("de gewone weg"));
    const s = await new Promise<Server>((resolve) => {
      const started = fresh.listen(0, "127.0.0.1", () => resolve(started));
    });
    try {
      const answer = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/weg.js`, { headers: { "accept-encoding": "br" } });
      expect(answer.headers.get("content-encoding")).toBeNull();
      expect(await answer.text()).toBe("de gewone weg");
    } finally {
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it("a page from Remix is compressed on the fly, streamed, without a stale Content-Length", async () => {
    const br = await get("/pagina", "br, gzip");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-length"]).toBeUndefined();
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(page);
    expect(br.body.length).toBeLessThan(page.length / 10);

    const gz = await get("/pagina", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).toString()).toBe(page);

    const plain = await get("/pagina");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(page);
  });

  it("leaves a tiny answer alone", async () => {
    const small = await get("/klein", "br");
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.body.toString()).toBe("ok");
  });
});

describe("public/", () => {
  const publicDir = path.resolve("public");
  it("has icons and a web app manifest whose icons exist", () => {
    const manifest = JSON.parse(readFileSync(path.join(publicDir, "manifest.webmanifest"), "utf8")) as { name: string; start_url: string; icons: { src: string }[] };
    expect(manifest).toMatchObject({ name: "Akkoord", start_url: "/" });
    expect(manifest.icons.length).toBeGreaterThanOrEqual(2);
    for (const icon of manifest.icons) expect(existsSync(path.join(publicDir, icon.src))).toBe(true);
    expect(readFileSync(path.join(publicDir, "icon-192.png")).subarray(1, 4).toString()).toBe("PNG");
  });

  it("robots.txt keeps signing and verification links out of search engines", () => {
    const robots = readFileSync(path.join(publicDir, "robots.txt"), "utf8");
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toMatch(/^Disallow: \/onderteken$/m);
    expect(robots).toMatch(/^Disallow: \/verifieer$/m);
  });

  it("/.well-known/security.txt has the fields RFC 9116 requires", () => {
    const text = readFileSync(path.join(publicDir, ".well-known", "security.txt"), "utf8");
    expect(text).toMatch(/^Contact: mailto:\S+@\S+$/m);
    expect(text).toMatch(/^Expires: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/m);
  });
});
