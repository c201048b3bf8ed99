// /healthz reads the database: ok (200) while it can, not ok (503) when it
// cannot, here because a table it reads is gone under the running app.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loader } from "~/routes/healthz";
import { sqlitePathFromUrl } from "~/utils/sqlite-adapter.server";

describe("/healthz", () => {
  it("says ok while the database answers, and 503 not ok as soon as it cannot be read", async () => {
    const ok = await loader();
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("ok");
    expect(ok.headers.get("cache-control")).toBe("no-store");

    // Another process breaks the file's schema (this test file's own copy of the database).
    const other = new Database(sqlitePathFromUrl(process.env.DATABASE_URL!));
    other.exec('ALTER TABLE "Organisation" RENAME TO "OrganisationGone"');
    other.close();

    const broken = await loader();
    expect(broken.status).toBe(503);
    expect(await broken.text()).toMatch(/^niet ok/);
  });
});
