// signing.js_gz_kb: the JavaScript the signing page (/onderteken/:token) makes
// the browser download, as the server sends it to a gzip browser: the .gz the
// build made beside each file (scripts/precompress.js). The files are the ones
// the page references: Remix's browser manifest, the client entry, and the
// modules (with their imports) of the root and the signing route; or, when a
// route's handle says `hydrate: false` (root.tsx then renders no <Scripts />),
// only the scripts its handle names.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

type RemixBrowserManifest = {
  entry: { module: string; imports?: string[] };
  routes: Record<string, { module: string; imports?: string[] }>;
};

export const SIGNING_ROUTE_ID = "routes/onderteken.$token";

/** The browser manifest (assets/manifest-<hash>.js: `window.__remixManifest={…};`) of a client build. */
function readBrowserManifest(clientDir: string): { file: string; manifest: RemixBrowserManifest } {
  const name = readdirSync(path.join(clientDir, "assets")).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!name) throw new Error(`no Remix browser manifest in ${clientDir}/assets`);
  const text = readFileSync(path.join(clientDir, "assets", name), "utf8");
  return { file: `/assets/${name}`, manifest: JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as RemixBrowserManifest };
}

/** What a route module's `handle` may say about the page's JavaScript. */
export type ScriptHandle = { hydrate?: boolean; scripts?: string[] } | undefined;

/** The JavaScript files a page of these routes loads, as URL paths. */
export function pageScripts(clientDir: string, routeIds: string[], handles: ScriptHandle[] = []): string[] {
  if (handles.some((handle) => handle?.hydrate === false)) return [...new Set(handles.flatMap((handle) => handle?.scripts ?? []))];
  const { file, manifest } = readBrowserManifest(clientDir);
  const files = new Set([file, manifest.entry.module, ...(manifest.entry.imports ?? [])]);
  for (const id of routeIds) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`route ${id} is not in the build`);
    files.add(route.module);
    for (const imported of route.imports ?? []) files.add(imported);
  }
  return [...files];
}

/** The handles of these routes in a server build (build/server/index.js). */
export async function routeHandles(buildDir: string, routeIds: string[]): Promise<ScriptHandle[]> {
  const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as { routes: Record<string, { module: { handle?: ScriptHandle } }> };
  return routeIds.map((id) => build.routes[id]?.module.handle);
}

/** KB (1024 bytes) of the signing page's JavaScript: as sent compressed (gzip and brotli) and uncompressed. */
export function signingPageWeight(clientDir: string, handles: ScriptHandle[] = []): { gzKb: number; brKb: number; rawKb: number; files: number } {
  const scripts = pageScripts(clientDir, ["root", SIGNING_ROUTE_ID], handles);
  let gz = 0;
  let br = 0;
  let raw = 0;
  for (const url of scripts) {
    const file = path.join(clientDir, url);
    const size = statSync(file).size;
    raw += size;
    // A file too small to be precompressed is sent as it is.
    const sizeOf = (suffix: string) => {
      try {
        return statSync(`${file}${suffix}`).size;
      } catch {
        return size;
      }
    };
    gz += sizeOf(".gz");
    br += sizeOf(".br");
  }
  return { gzKb: gz / 1024, brKb: br / 1024, rawKb: raw / 1024, files: scripts.length };
}
