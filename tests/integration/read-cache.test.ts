// The read cache behind the dashboards and the session lookup: a value is
// computed once per data version, and any committed write — through the app's
// own Prisma client or from another process — makes the next read fresh.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadCoordinatorDashboard } from "~/domain/dashboards/coordinator-dashboard.server";
import { parseFilters } from "~/domain/dashboards/filters";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { db } from "~/utils/db.server";
import { createReadCache, dataVersion } from "~/utils/read-cache.server";
import { sqlitePathFromUrl } from "~/utils/sqlite-adapter.server";
import { getSessionUser } from "~/utils/session.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { sessionUserFor } from "../factories/drafts";

/** A write by another connection to the same file, as a CLI command would make. */
function writeFromAnotherProcess(name: string) {
  const other = new Database(sqlitePathFromUrl(process.env.DATABASE_URL!));
  try {
    other.prepare(`UPDATE "Organisation" SET "name" = ? WHERE "name" = ?`).run(`${name} (hernoemd)`, name);
  } finally {
    other.close();
  }
}

/** A load function that counts its calls and returns `value(call number)`. */
function counted<T>(value: (call: number) => T) {
  const calls = { n: 0 };
  return { calls, load: async () => value(++calls.n) };
}

describe("the read cache", () => {
  it("computes once while nothing is written", async () => {
    const cache = createReadCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    const { calls, load } = counted(() => ({ n: 1 }));
    await cache.get("k", load);
    await cache.get("k", load);
    await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect(calls.n).toBe(1);
    await cache.get("other key", load);
    expect(calls.n).toBe(2);
  });

  it("concurrent misses share one load", async () => {
    const cache = createReadCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    const { calls, load } = counted(() => ({ n: 1 }));
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get("k", load)));
    expect(calls.n).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it("a write through the app's client makes the next read fresh", async () => {
    const cache = createReadCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    const { calls, load } = counted((n) => ({ n }));
    const before = dataVersion();
    await cache.get("k", load);
    await createOrganisation("school");
    expect(dataVersion()).not.toBe(before);
    await cache.get("k", load);
    expect(calls.n).toBe(2);
  });

  it("a write by another process makes the next read fresh", async () => {
    const cache = createReadCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    const school = await createOrganisation("school");
    const { calls, load } = counted((n) => ({ n }));
    await cache.get("k", load);
    writeFromAnotherProcess(school.name);
    await cache.get("k", load);
    expect(calls.n).toBe(2);
  });

  it("a failed load is not kept", async () => {
    const cache = createReadCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    await expect(cache.get("k", () => Promise.reject(new Error("kapot")))).rejects.toThrow("kapot");
    const { calls, load } = counted(() => ({ n: 1 }));
    expect(await cache.get("k", load)).toEqual({ n: 1 });
    expect(calls.n).toBe(1);
  });

  it("an entry lives no longer than its time-to-live", async () => {
    const cache = createReadCache<{ n: number }>({ max: 10, ttlMs: 20 });
    const { calls, load } = counted(() => ({ n: 1 }));
    await cache.get("k", load);
    await new Promise((r) => setTimeout(r, 60));
    await cache.get("k", load);
    expect(calls.n).toBe(2);
  });
});

describe("cached reads stay true after writes", () => {
  it("the session: a deactivated user is signed out on the next request, a role change shows at once", async () => {
    const school = await createOrganisation("school");
    const user = await createUser([{ organisationId: school.id, role: "directie" }]);
    const request = await signedInRequest(user.id, "/");
    expect((await getSessionUser(request))?.memberships.map((m) => m.role)).toEqual(["directie"]);
    expect((await getSessionUser(request))?.id).toBe(user.id);

    await db.membership.updateMany({ where: { userId: user.id }, data: { role: "zorgcoordinator" } });
    expect((await getSessionUser(request))?.memberships.map((m) => m.role)).toEqual(["zorgcoordinator"]);

    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await getSessionUser(request)).toBeNull();
  });

  it("the coordinator dashboard: a new school shows on the next load, also when another process wrote", async () => {
    const service = await createOrganisation("brugfiguren");
    const coordinator = await createUser([{ organisationId: service.id, role: "coordinator" }]);
    const user = await sessionUserFor(coordinator.id);
    const today = brusselsDate(new Date());
    const options = { user, filters: parseFilters(new URLSearchParams(), today), pages: { schools: 1, evaluations: 1, unsigned: 1 }, today };
    const names = async () => (await loadCoordinatorDashboard(options)).schools.items.map((s) => s.name);
    expect(await names()).toEqual([]);

    const school = await createOrganisation("school", `Basisschool ${service.id.slice(-6)}`);
    await db.serviceSchool.create({ data: { serviceId: service.id, schoolId: school.id, source: "manueel", createdById: coordinator.id } });
    expect(await names()).toEqual([school.name]);

    writeFromAnotherProcess(school.name);
    expect(await names()).toEqual([`${school.name} (hernoemd)`]);
  });
});
