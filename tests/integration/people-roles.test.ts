import { describe, expect, it } from "vitest";
import * as peopleRoute from "~/routes/mensen._index";
import { db } from "~/utils/db.server";
import { getSessionUser } from "~/utils/session.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";

async function post(userId: string, form: Record<string, string>) {
  return callRoute(peopleRoute.action, await signedInRequest(userId, "/mensen", { form }));
}

async function membershipOf(userId: string, organisationId: string) {
  return db.membership.findFirstOrThrow({ where: { userId, organisationId } });
}

describe("roles and memberships", () => {
  it("the page lists the organisations the user manages, with members and roles", async () => {
    const service = await createOrganisation("brugfiguren", "Brugfiguren Test");
    const coordinator = await createUser([{ organisationId: service.id, role: "coordinator" }]);
    await createUser([{ organisationId: service.id, role: "brugfiguur" }]);
    const page = await callRoute(peopleRoute.loader, await signedInRequest(coordinator.id, "/mensen"));
    expect(page.status).toBe(200);
    const orgs = (page.data as { organisations: Array<{ name: string; members: unknown[]; roles: string[] }> }).organisations;
    expect(orgs).toHaveLength(1);
    expect(orgs[0]).toMatchObject({ name: "Brugfiguren Test", roles: ["coordinator", "brugfiguur", "beheerder"] });
    expect(orgs[0]!.members).toHaveLength(2);

    const brugfiguur = await createUser([{ organisationId: service.id, role: "brugfiguur" }]);
    expect((await callRoute(peopleRoute.loader, await signedInRequest(brugfiguur.id, "/mensen"))).status).toBe(403);
  });

  it("changes a role and deactivates a membership (the person loses access), and reactivates it", async () => {
    const school = await createOrganisation("school");
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    const colleague = await createUser([{ organisationId: school.id, role: "zorgcoordinator" }]);
    const m = await membershipOf(colleague.id, school.id);

    const changed = await post(directie.id, { intent: "role", membershipId: m.id, role: "directie" });
    expect(changed.status).toBe(200);
    expect((await db.membership.findUniqueOrThrow({ where: { id: m.id } })).role).toBe("directie");
    expect(await db.auditEvent.count({ where: { action: "member.role-changed", data: { contains: m.id } } })).toBe(1);

    const deactivated = await post(directie.id, { intent: "deactivate", membershipId: m.id });
    expect(deactivated.status).toBe(200);
    const session = await getSessionUser(await signedInRequest(colleague.id, "/"));
    expect(session!.memberships).toHaveLength(0);

    await post(directie.id, { intent: "reactivate", membershipId: m.id });
    expect((await db.membership.findUniqueOrThrow({ where: { id: m.id } })).active).toBe(true);
  });

  it("the last active beheerder can't demote or deactivate themself (Dutch message, nothing changes)", async () => {
    const org = await createOrganisation("lokaal_bestuur", "Stad Test");
    const beheerder = await createUser([{ organisationId: org.id, role: "beheerder" }]);
    const m = await membershipOf(beheerder.id, org.id);

    const demote = await post(beheerder.id, { intent: "role", membershipId: m.id, role: "coordinator" });
    expect(demote.status).toBe(409);
    expect((demote.data as { message: string }).message).toBe(
      "U bent de laatste beheerder van Stad Test. Maak eerst iemand anders beheerder; daarna kunt u uw eigen rol wijzigen."
    );
    const leave = await post(beheerder.id, { intent: "deactivate", membershipId: m.id });
    expect(leave.status).toBe(409);
    expect(await db.membership.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ role: "beheerder", active: true });

    // With a second beheerder it works.
    const second = await createUser([{ organisationId: org.id, role: "coordinator" }]);
    const m2 = await membershipOf(second.id, org.id);
    expect((await post(beheerder.id, { intent: "role", membershipId: m2.id, role: "beheerder" })).status).toBe(200);
    expect((await post(beheerder.id, { intent: "deactivate", membershipId: m.id })).status).toBe(200);
    // Now the second one is the last.
    const last = await post(second.id, { intent: "deactivate", membershipId: m2.id });
    expect(last.status).toBe(409);
  });

  it("a beheerder role is given and taken only by a beheerder; another organisation's member is a 404", async () => {
    const org = await createOrganisation("brugfiguren");
    const coordinator = await createUser([{ organisationId: org.id, role: "coordinator" }]);
    const beheerder = await createUser([{ organisationId: org.id, role: "beheerder" }]);
    const colleague = await createUser([{ organisationId: org.id, role: "brugfiguur" }]);
    const mColleague = await membershipOf(colleague.id, org.id);
    const mBeheerder = await membershipOf(beheerder.id, org.id);

    const promote = await post(coordinator.id, { intent: "role", membershipId: mColleague.id, role: "beheerder" });
    expect(promote.status).toBe(400);
    expect(promote.data).toMatchObject({ errors: { role: expect.stringContaining("Alleen een beheerder") } });
    expect((await post(coordinator.id, { intent: "deactivate", membershipId: mBeheerder.id })).status).toBe(400);
    expect((await db.membership.findUniqueOrThrow({ where: { id: mBeheerder.id } })).active).toBe(true);

    const wrongKind = await post(coordinator.id, { intent: "role", membershipId: mColleague.id, role: "directie" });
    expect(wrongKind.status).toBe(400);

    const elsewhere = await createOrganisation("school");
    const stranger = await createUser([{ organisationId: elsewhere.id, role: "directie" }]);
    const foreign = await post(stranger.id, { intent: "deactivate", membershipId: mColleague.id });
    expect(foreign.status).toBe(404);
    expect((await db.membership.findUniqueOrThrow({ where: { id: mColleague.id } })).active).toBe(true);

    const garbage = await post(coordinator.id, { intent: "role", membershipId: mColleague.id, role: "keizer" });
    expect(garbage.status).toBe(400);
    const unknownIntent = await post(coordinator.id, { intent: "alles-wissen" });
    expect(unknownIntent.status).toBe(400);
  });
});
