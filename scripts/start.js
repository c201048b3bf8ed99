// `npm start`: build when needed, migrate, seed an empty database, serve.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

process.env.NODE_ENV ??= "production";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const builtFile = path.join(root, "build", "server", "index.js");

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

function buildIsStale() {
  if (!existsSync(builtFile)) return true;
  const built = statSync(builtFile).mtimeMs;
  const sources = ["app", "public", "remix.config.js", "vite.config.ts", "package.json", "prisma/schema.prisma"];
  return sources.some((s) => existsSync(path.join(root, s)) && newestMtime(path.join(root, s)) > built);
}

if (buildIsStale()) {
  console.log("De app wordt gebouwd…");
  const result = spawnSync(path.join(root, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { prepareDatabase } = await import("./prepare-db.js");
prepareDatabase({ seed: process.env.SEED_DEMO !== "0" });

const { startServer } = await import("./server.js");
const port = Number(process.env.PORT ?? 3000);
await startServer({ port });
console.log(`Akkoord draait op http://localhost:${port}`);
