// `npm start`: build when needed, migrate, seed an empty database, serve.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsStale } from "./build-freshness.js";
import { exitIfDatabaseBroken } from "./database-check.js";

process.env.NODE_ENV ??= "production";
// A damaged or unreadable database stops the start at once, with one line.
exitIfDatabaseBroken();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// BUILD_DIR (default build/): where the build lives; the bench keeps its own.
const buildDir = path.resolve(root, process.env.BUILD_DIR || "build");
if (buildIsStale(buildDir)) {
  console.log("De app wordt gebouwd…");
  const args = process.env.BUILD_DIR ? ["vite:build", "--config", "scripts/vite.build-dir.config.ts"] : ["vite:build"];
  const result = spawnSync(path.join(root, "node_modules", ".bin", "remix"), args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { prepareDatabase } = await import("./prepare-db.js");
prepareDatabase({ seed: process.env.SEED_DEMO !== "0" });

// The development seal certificate for signed PDFs, made once (app/domain/signing).
const sealDir = path.resolve(root, process.env.SEAL_DEV_DIR || path.join("data", "certs"));
if (!process.env.SEAL_P12_PATH && !existsSync(path.join(sealDir, "dev-seal.p12"))) {
  const code = `import { loadOrCreateSealCertificate } from "./app/domain/pdf/seal.server.ts"; await loadOrCreateSealCertificate({ devDir: ${JSON.stringify(sealDir)} });`;
  spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--input-type=module", "--eval", code], { cwd: root, stdio: "inherit" });
}

const { startServer } = await import("./server.js");
const port = Number(process.env.PORT ?? 3000);
await startServer({ port, checkDatabase: false }); // checked above
console.log(`Akkoord draait op http://localhost:${port}`);
