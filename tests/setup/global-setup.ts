import { rmSync } from "node:fs";
import path from "node:path";
import { prepareDatabase } from "../../scripts/prepare-db.js";

// Builds one migrated database for the whole run; every test file copies it
// (tests/setup/db-setup.ts), so tests never share state.
export const TEST_DB_DIR = path.resolve("data", "test");
export const TEMPLATE_DB = path.join(TEST_DB_DIR, "template.db");

export default function setup() {
  rmSync(TEST_DB_DIR, { recursive: true, force: true });
  prepareDatabase({ url: `file:${TEMPLATE_DB}`, quiet: true });
  return () => rmSync(TEST_DB_DIR, { recursive: true, force: true });
}
