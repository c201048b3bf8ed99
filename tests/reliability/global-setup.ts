import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { TestProject } from "vitest/node";
import { prepareDatabase } from "../../scripts/prepare-db.js";

// Once per `npm run test:reliability`: a production build of our own (so a
// concurrent `npm test`, which rebuilds build/, cannot swap files under our
// servers), a migrated database with the demo data that every test file copies
// (tests/reliability/setup.ts), the development seal certificate, and the
// build's route manifest (the authorization matrix and the fuzzer are generated
// from it). RELIABILITY_BUILD_DIR=… reuses an existing build.

export type ManifestRoute = {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  hasLoader: boolean;
  hasAction: boolean;
};

export default function setup(project: TestProject) {
  const root = path.resolve(".");
  const dir = path.join(root, "data", "reliability", `run-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });

  const buildDir = process.env.RELIABILITY_BUILD_DIR ? path.resolve(process.env.RELIABILITY_BUILD_DIR) : path.join(dir, "build");
  if (!process.env.RELIABILITY_BUILD_DIR) {
    const build = spawnSync(path.join(root, "node_modules", ".bin", "remix"), ["vite:build", "--config", "scripts/vite.build-dir.config.ts"], {
      cwd: root,
      env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" },
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  }

  const template = path.join(dir, "template.db");
  prepareDatabase({ url: `file:${template}`, seed: true, quiet: true });

  const certs = path.join(dir, "certs");
  const code = `import { loadOrCreateSealCertificate } from "./app/domain/pdf/seal.server.ts"; await loadOrCreateSealCertificate({ devDir: ${JSON.stringify(certs)} });`;
  const cert = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--input-type=module", "--eval", code], { cwd: root, encoding: "utf8" });
  if (cert.status !== 0) throw new Error(`seal certificate:\n${cert.stderr}`);

  // The route manifest of this build: what the server really serves.
  const serverBuild = pathToFileURL(path.join(buildDir, "server", "index.js")).href;
  const dump = spawnSync(
    process.execPath,
    ["--input-type=module", "--eval", `const b = await import(${JSON.stringify(serverBuild)}); process.stdout.write(JSON.stringify(Object.values(b.assets.routes)));`],
    { cwd: root, env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${template}` }, encoding: "utf8" },
  );
  if (dump.status !== 0) throw new Error(`route manifest:\n${dump.stderr}`);
  const routes = (JSON.parse(dump.stdout) as ManifestRoute[]).map((r) => ({
    id: r.id,
    parentId: r.parentId,
    path: r.path,
    index: r.index,
    hasLoader: r.hasLoader,
    hasAction: r.hasAction,
  }));

  project.provide("reliability", { dir, buildDir, template, certs, routes });
  return () => {
    if (!process.env.RELIABILITY_KEEP) rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    reliability: { dir: string; buildDir: string; template: string; certs: string; routes: ManifestRoute[] };
  }
}
