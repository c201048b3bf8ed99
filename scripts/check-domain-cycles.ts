// Checks that no folder of app/domain imports a folder that imports it back
// (issue #16: "no stairs running back up"). Prints each pair of folders that
// import each other, with one example file per direction; exits 1 if any.
//
//   npm run check:domain
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type SourceFile = { path: string; text: string };
export type FolderEdge = { from: string; to: string; file: string };
export type FolderCycle = { a: string; b: string; aToB: string; bToA: string };

const importSpecifier =
  /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The domain folder a file (path relative to app/domain) lives in. */
function folderOf(relativePath: string): string | null {
  const parts = relativePath.split("/");
  return parts.length > 1 ? (parts[0] ?? null) : null;
}

/** The domain folder an import specifier points to, seen from `fromFolder`. */
function targetFolder(specifier: string, fileRelativePath: string): string | null {
  // "~/domain/calendar" (a folder's index) counts as much as "~/domain/calendar/dates".
  if (specifier.startsWith("~/domain/")) {
    return specifier.slice("~/domain/".length).split("/")[0] || null;
  }
  if (specifier.startsWith(".")) {
    const resolved = path.posix.normalize(
      path.posix.join(path.posix.dirname(fileRelativePath), specifier),
    );
    if (resolved.startsWith("..") || resolved === ".") return null;
    return resolved.split("/")[0] || null;
  }
  return null;
}

/** Every import from one domain folder into another (files relative to app/domain). */
export function folderEdges(files: SourceFile[]): FolderEdge[] {
  const edges: FolderEdge[] = [];
  for (const file of files) {
    const from = folderOf(file.path);
    if (!from) continue;
    for (const match of file.text.matchAll(importSpecifier)) {
      const to = targetFolder(match[1] ?? match[2] ?? "", file.path);
      if (to && to !== from) edges.push({ from, to, file: file.path });
    }
  }
  return edges;
}

/** Each pair of folders that import each other, with one example file per direction. */
export function findFolderCycles(files: SourceFile[]): FolderCycle[] {
  // example.get(from)?.get(to): the first file of `from` that imports `to`.
  const example = new Map<string, Map<string, string>>();
  for (const edge of folderEdges(files)) {
    const targets = example.get(edge.from) ?? new Map<string, string>();
    if (!targets.has(edge.to)) targets.set(edge.to, edge.file);
    example.set(edge.from, targets);
  }
  const cycles: FolderCycle[] = [];
  for (const [a, targets] of example) {
    for (const [b, aToB] of targets) {
      const bToA = example.get(b)?.get(a);
      if (bToA && a < b) cycles.push({ a, b, aToB, bToA });
    }
  }
  return cycles.sort((x, y) => `${x.a}/${x.b}`.localeCompare(`${y.a}/${y.b}`));
}

function readDomain(root: string): SourceFile[] {
  const entries = readdirSync(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx|js|jsx)$/.test(entry.name))
    // Tests may compare folders with each other; the layering is about the app.
    .filter((entry) => !/\.test\.(ts|tsx|js|jsx)$/.test(entry.name))
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return {
        path: path.relative(root, full).split(path.sep).join("/"),
        text: readFileSync(full, "utf8"),
      };
    });
}

function main(): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.join(here, "..", "app", "domain");
  const cycles = findFolderCycles(readDomain(root));
  if (cycles.length === 0) {
    console.log("app/domain: no folders import each other.");
    return;
  }
  console.error(`app/domain: ${cycles.length} pair(s) of folders import each other:`);
  for (const cycle of cycles) {
    console.error(`  ${cycle.a} <-> ${cycle.b}`);
    console.error(`    ${cycle.a} -> ${cycle.b}: app/domain/${cycle.aToB}`);
    console.error(`    ${cycle.b} -> ${cycle.a}: app/domain/${cycle.bToA}`);
  }
  process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
