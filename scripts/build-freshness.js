// Whether a production build is older than the sources it was built from
// (used by `npm start` and the bench, each for its own build folder).
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = ["app", "public", "remix.config.js", "vite.config.ts", "package.json", "prisma/schema.prisma"];

function newestMtime(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** True when `buildDir` has no server build or a source file is newer than it. */
export function buildIsStale(buildDir) {
  const builtFile = path.join(buildDir, "server", "index.js");
  if (!existsSync(builtFile)) return true;
  const built = statSync(builtFile).mtimeMs;
  return SOURCES.some((s) => existsSync(path.join(root, s)) && newestMtime(path.join(root, s)) > built);
}
