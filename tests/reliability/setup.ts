import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, expect, inject } from "vitest";

// Each reliability test file gets its own copy of the seeded demo database,
// its own mail outbox folder, and the run's seal certificate. The test process
// and the servers it starts use the same files.
const { dir, template, certs } = inject("reliability");
const id = `${path.basename(expect.getState().testPath ?? "file", ".test.ts")}-${randomUUID().slice(0, 8)}`;
const file = path.join(dir, `${id}.db`);
copyFileSync(template, file);
const outbox = path.join(dir, `${id}-outbox`);
mkdirSync(outbox, { recursive: true });

process.env.DATABASE_URL = `file:${file}`;
process.env.NODE_ENV = "test";
process.env.SEAL_DEV_DIR = certs;
process.env.MAIL_TRANSPORT = "file";
process.env.MAIL_OUTBOX_DIR = outbox;
process.env.PUBLIC_URL = "http://127.0.0.1";

afterAll(async () => {
  const { db } = await import("~/utils/db.server");
  await db.$disconnect();
  if (process.env.RELIABILITY_KEEP) return;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  rmSync(outbox, { recursive: true, force: true });
});
