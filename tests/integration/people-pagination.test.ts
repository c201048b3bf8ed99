import { describe, expect, it } from "vitest";
import * as peopleRoute from "~/routes/mensen._index";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";

describe("the people list is paginated", () => {
  it("shows 25 people per page", async () => {
    const school = await createOrganisation("school");
    const beheerder = await createUser([{ organisationId: school.id, role: "beheerder" }]);
    for (let i = 0; i < 29; i++) await createUser([{ organisationId: school.id, role: "zorgcoordinator" }]);
    type Page = { organisations: Array<{ members: unknown[]; memberCount: number }>; page: number; pageCount: number };
    const first = (await callRoute(peopleRoute.loader, await signedInRequest(beheerder.id, "/mensen"))).data as Page;
    expect(first).toMatchObject({ page: 1, pageCount: 2 });
    expect(first.organisations[0]!.members).toHaveLength(25);
    expect(first.organisations[0]!.memberCount).toBe(30);
    const second = (await callRoute(peopleRoute.loader, await signedInRequest(beheerder.id, "/mensen?pagina=2"))).data as Page;
    expect(second.organisations[0]!.members).toHaveLength(5);
  });
});
