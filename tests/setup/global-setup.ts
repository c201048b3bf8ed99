import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { prepareDatabase } from "../../scripts/prepare-db.js";

// Builds one migrated database for the whole run; every test file copies it
// (tests/setup/db-setup.ts), so tests never share state. Each run has its own
// folder, so two runs at once (two terminals, CI) don't disturb each other.
export default function setup(project: TestProject) {
  const dir = path.resolve("data", "test", `run-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  prepareDatabase({ url: `file:${path.join(dir, "template.db")}`, quiet: true });
  project.provide("testDbDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    testDbDir: string;
  }
}
