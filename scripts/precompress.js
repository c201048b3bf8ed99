// Build step: a .br and a .gz beside every compressible file of the client
// build (build/client), made once so the server sends them as they are
// (scripts/server.js) instead of compressing on every request.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Files worth compressing: text formats; images and fonts are compressed already. */
export const COMPRESSIBLE_FILE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map|xml|ico)$/i;
/** Below this, compression saves less than the extra header costs. */
const MIN_BYTES = 512;

async function* filesUnder(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // .vite/: Vite's build manifest, read by Remix and never served.
    if (entry.isDirectory() && entry.name !== ".vite") yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/** Writes file.br and file.gz (best compression) for each compressible file under dir; returns how many files. */
export async function precompressDirectory(dir) {
  let count = 0;
  for await (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE_FILE.test(file) || (await stat(file)).size < MIN_BYTES) continue;
    const content = await readFile(file);
    const [br, gz] = await Promise.all([
      brotli(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
      gzip(content, { level: zlib.constants.Z_BEST_COMPRESSION }),
    ]);
    await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
    count++;
  }
  return count;
}

/** The precompressed files under dir, as paths relative to it ("assets/x.js.br"), for the server to look up without touching the disk. */
export async function precompressedFiles(dir) {
  const found = new Set();
  try {
    for await (const file of filesUnder(dir)) {
      if (/\.(br|gz)$/.test(file)) found.add(path.relative(dir, file).split(path.sep).join("/"));
    }
  } catch (error) {
    if (error?.code !== "ENOENT") throw error;
  }
  return found;
}

/**
 * The Vite plugin of this step (vite.config.ts). Remix builds the client
 * (build/client), then the server (build/server), and writes the browser's
 * route manifest into build/client/assets during the server build: so the
 * client folder is compressed when the server build closes.
 * @returns {import("vite").Plugin}
 */
export function precompressPlugin() {
  let outDir = "";
  let ssr = false;
  return {
    name: "akkoord-precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
      ssr = Boolean(config.build.ssr);
    },
    async closeBundle() {
      if (ssr) await precompressDirectory(path.join(outDir, "..", "client"));
    },
  };
}

/**
 * Rollup's warnings that say nothing to whoever starts Akkoord: a route with
 * only a loader or action (a CSV export, the healthz check) has no browser code,
 * so its client chunk is empty by design ("Generated an empty chunk").
 */
/** @type {import("rollup").WarningHandlerWithDefault} */
export function onBuildWarning(warning, warn) {
  if (warning.code === "EMPTY_BUNDLE") return;
  warn(warning);
}
