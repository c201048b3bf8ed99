// The routes of the production build (its route manifest, dumped by
// tests/reliability/global-setup.ts) turned into URLs with real ids.
import { inject } from "vitest";
import type { DemoRole, World } from "./world";

export type Route = { id: string; pattern: string; params: string[]; hasLoader: boolean; hasAction: boolean };

/** Every route except the root, with its full URL pattern (parents' paths joined). */
export function buildRoutes(): Route[] {
  const manifest = inject("reliability").routes;
  const byId = new Map(manifest.map((r) => [r.id, r]));
  const fullPath = (id: string): string => {
    const route = byId.get(id)!;
    const parent = route.parentId ? fullPath(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/").replace(/\/+/g, "/");
  };
  return manifest
    .filter((r) => r.id !== "root")
    .map((r) => {
      const pattern = `/${fullPath(r.id)}`.replace(/\/+/g, "/");
      const params = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      if (pattern.includes("*")) params.push("*");
      return { id: r.id, pattern, params, hasLoader: r.hasLoader, hasAction: r.hasAction };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

export type Scope = "own" | "foreign";
export type Identity = DemoRole | "anonymous";

const BRUG_ROLES: readonly Identity[] = ["brugfiguur", "coordinator", "beheerder"];

/** Routes whose params name something a user may or may not be party to. */
export const scopedParams = ["agreementId", "schoolId"];
export const isScoped = (route: Route) => route.params.some((p) => scopedParams.includes(p));

/** The URL of a route for one identity: ids it is party to ("own"), or not ("foreign"). */
export function urlFor(route: Route, identity: Identity, scope: Scope, world: World): string {
  const brug = BRUG_ROLES.includes(identity);
  const own = brug ? world.engagement : world.afsprakennota;
  const values: Record<string, string> = {
    agreementId: scope === "own" ? own.id : brug ? world.foreignForBrug : world.foreignForSchoolAndClb,
    clauseId: own.clauseId,
    momentId: own.momentId,
    number: "1",
    schoolId: scope === "own" ? world.serviceSchool : world.otherSchool,
    jobId: "00000000-0000-4000-8000-000000000000",
    token: route.id.includes("onderteken") ? world.signingToken : route.id.includes("agenda") ? world.calendarToken : "ongeldige-uitnodiging-0000000000000000000000000",
    "*": "bestaat/niet",
  };
  let url = route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`route ${route.id}: no value for :${name} (add it in tests/reliability/support/routes.ts)`);
    return encodeURIComponent(value);
  });
  url = url.replace("*", values["*"]!);
  // Pages that need a query to mean something.
  if (route.id.endsWith(".pdf")) url += "?versie=1";
  if (route.id.endsWith(".vergelijk")) url += "?van=1&naar=1";
  return url;
}
