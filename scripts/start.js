// `npm start`: build when needed, migrate, seed an empty database (demo mode
// only), serve. With AKKOORD_MODE=productie it first checks that the
// installation is real (certificate, mail, secrets, https, no demo users) and
// otherwise stops with one Dutch line and exit code 1.
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

/** Stops the start: one line, no stack trace. */
function refuse(line) {
  console.error(line);
  process.exit(1);
}

/** The environment module (app/utils/env.server.ts), loaded once. */
let envModulePromise;
function loadEnvModule() {
  envModulePromise ??= import("tsx/esm/api").then(({ tsImport }) => tsImport("../app/utils/env.server.ts", import.meta.url));
  return envModulePromise;
}

// Demo (AKKOORD_MODE unset or "demo") skips the checks of a real
// installation; any other value is checked by the environment module.
const demo = (process.env.AKKOORD_MODE?.trim() || "demo") === "demo";
if (!demo) await checkRealInstallation();
// Every variable, validated before anything is built or written: a wrong
// value stops the start with one Dutch line naming it.
const settings = await checkEnvironment();

async function checkEnvironment() {
  const envModule = await loadEnvModule();
  try {
    return envModule.init(process.env);
  } catch (error) {
    if (error instanceof Error && error.name === "EnvError") refuse(`Akkoord start niet: ${error.message}`);
    throw error;
  }
}

async function checkRealInstallation() {
  const { tsImport } = await import("tsx/esm/api");
  const envModule = await loadEnvModule();
  try {
    envModule.installationMode(process.env);
  } catch (error) {
    refuse(error instanceof Error ? error.message : String(error));
  }
  const problems = envModule.installationProblems(process.env);
  if (problems.length > 0) refuse(envModule.installationRefusal(problems));
  const { loadOrCreateSealCertificate } = await tsImport("../app/domain/pdf/seal.server.ts", import.meta.url);
  const p12Path = path.resolve(root, process.env.SEAL_P12_PATH.trim());
  try {
    await loadOrCreateSealCertificate({ p12Path, passphrase: process.env.SEAL_P12_PASSPHRASE ?? "", devDir: "" });
  } catch {
    refuse(envModule.installationRefusal([`SEAL_P12_PATH (${p12Path}) kan niet geopend worden (bestaat het bestand, klopt SEAL_P12_PASSPHRASE)`]));
  }
  const { databasePath, demoUserCount } = await import("./prepare-db.js");
  const file = databasePath();
  const demoUsers = demoUserCount(file, envModule.DEMO_EMAIL_DOMAIN);
  if (demoUsers > 0) {
    refuse(
      envModule.installationRefusal([
        `de databank ${file} bevat ${demoUsers} demogebruiker(s) (@${envModule.DEMO_EMAIL_DOMAIN}): start op een eigen, lege databank (DATABASE_URL)`,
      ]),
    );
  }
}

if (buildIsStale(buildDir)) {
  console.log("De app wordt gebouwd…");
  const args = process.env.BUILD_DIR ? ["vite:build", "--config", "scripts/vite.build-dir.config.ts"] : ["vite:build"];
  const result = spawnSync(path.join(root, "node_modules", ".bin", "remix"), args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { prepareDatabase } = await import("./prepare-db.js");
// A real installation never gets demo data.
prepareDatabase({ seed: demo && process.env.SEED_DEMO !== "0" });

// The development seal certificate for signed PDFs, made once (app/domain/signing).
const sealDir = path.resolve(root, settings.SEAL_DEV_DIR ?? path.join("data", "certs"));
if (demo && !settings.SEAL_P12_PATH && !existsSync(path.join(sealDir, "dev-seal.p12"))) {
  const code = `import { loadOrCreateSealCertificate } from "./app/domain/pdf/seal.server.ts"; await loadOrCreateSealCertificate({ devDir: ${JSON.stringify(sealDir)} });`;
  spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--input-type=module", "--eval", code], { cwd: root, stdio: "inherit" });
}

const { startServer } = await import("./server.js");
const port = settings.PORT;
await startServer({ port, checkDatabase: false }); // checked above
console.log(`Akkoord draait op http://localhost:${port}`);
