import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";

// The driver adapter shares one SQLite connection. A query outside a
// transaction must never run inside another caller's open transaction.
describe("database access is serialised", () => {
  it("a write made while another transaction is open survives that transaction's rollback", async () => {
    const open = db.$transaction(async (tx) => {
      await tx.organisation.create({ data: { kind: "school", name: "Wordt teruggedraaid" } });
      await sleep(150);
      throw new Error("rollback on purpose");
    });
    await sleep(30);
    const outside = db.loginAttempt.create({ data: { email: "buiten@test.example", success: false } });
    await expect(open).rejects.toThrow("rollback on purpose");
    await outside;
    expect(await db.loginAttempt.count({ where: { email: "buiten@test.example" } })).toBe(1);
    expect(await db.organisation.count({ where: { name: "Wordt teruggedraaid" } })).toBe(0);
  });

  it("a read outside a transaction never sees another transaction's uncommitted write", async () => {
    let seen = -1;
    const open = db.$transaction(async (tx) => {
      await tx.organisation.create({ data: { kind: "school", name: "Nog niet vastgelegd" } });
      await sleep(150);
    });
    await sleep(30);
    seen = await db.organisation.count({ where: { name: "Nog niet vastgelegd" } });
    await open;
    // The read waited for the commit, so it saw the committed state.
    expect(seen).toBe(1);
  });
});
