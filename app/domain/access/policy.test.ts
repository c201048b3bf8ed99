import { describe, expect, it } from "vitest";
import { ROLES } from "~/domain/organisations/kinds";
import { membershipsAllow, organisationsAllowing, roleAllows } from "./policy";

describe("access policy", () => {
  it("lets every role read", () => {
    for (const role of ROLES) expect(roleAllows(role, "agreement:read")).toBe(true);
  });

  it("denies what no rule allows", () => {
    expect(roleAllows("brugfiguur", "agreement:edit")).toBe(false);
    expect(roleAllows("zorgcoordinator", "agreement:delete")).toBe(false);
    expect(roleAllows("directie", "admin:outbox")).toBe(false);
    expect(roleAllows("directie", "not-a-permission" as never)).toBe(false);
  });

  it("only counts memberships in the given organisations", () => {
    const memberships = [
      { organisationId: "school-a", role: "directie" as const },
      { organisationId: "clb-x", role: "brugfiguur" as const },
    ];
    expect(membershipsAllow(memberships, "agreement:edit", ["school-a"])).toBe(true);
    expect(membershipsAllow(memberships, "agreement:edit", ["clb-x"])).toBe(false);
    expect(membershipsAllow(memberships, "agreement:edit", ["school-b"])).toBe(false);
    expect(membershipsAllow([], "agreement:read")).toBe(false);
    expect(organisationsAllowing(memberships, "agreement:edit")).toEqual(["school-a"]);
  });

  it("an organisation's name and address: only its own directie or beheerder, never a service's coordinator", () => {
    expect(roleAllows("directie", "organisation:edit-details")).toBe(true);
    expect(roleAllows("beheerder", "organisation:edit-details")).toBe(true);
    for (const role of ["coordinator", "brugfiguur", "zorgcoordinator", "clb_medewerker", "clb_directeur"] as const) {
      expect(roleAllows(role, "organisation:edit-details")).toBe(false);
    }
    const coordinator = [{ organisationId: "service-a", role: "coordinator" as const }];
    expect(membershipsAllow(coordinator, "organisation:edit-details", ["school-a"])).toBe(false);
  });
});
