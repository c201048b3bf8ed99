import { describe, expect, it } from "vitest";
import { parseStoredIntake } from "~/domain/onboarding/intake";
import * as intakeRoute from "~/routes/scholen.$schoolId.intake";
import * as schoolRoute from "~/routes/scholen.$schoolId._index";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, linkSchool, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";

async function onboarded() {
  const service = await createOrganisation("brugfiguren");
  const user = await createUser([{ organisationId: service.id, role: "coordinator" }]);
  const school = await createOrganisation("school", "VBS De Knipoog");
  await linkSchool(service.id, school.id);
  return { service, user, school };
}

const answers = {
  waarom: "Veel ouders vinden de weg naar de school niet. We willen drempels verlagen.",
  drempels: "Schoolkosten en taal.",
  engagementen: ["zichtbaar", "personeelsvergadering", "mdo"],
  directieAkkoord: "ja",
  contactpersoon: "Ann Peeters, zorgcoördinator",
};

describe("intake of a school", () => {
  it("stores the guided answers as JSON with the service's own link to the school and shows them", async () => {
    const { user, school } = await onboarded();
    const result = await callRoute(intakeRoute.action, await signedInRequest(user.id, `/scholen/${school.id}/intake`, { form: answers }), {
      schoolId: school.id,
    });
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ ok: "De intake is bewaard.", warnings: [] });
    const stored = parseStoredIntake((await db.serviceSchool.findFirst({ where: { schoolId: school.id } }))?.intakeNotes ?? null);
    expect(stored.intake?.antwoorden).toMatchObject({
      waarom: answers.waarom,
      engagementen: ["zichtbaar", "personeelsvergadering", "mdo"],
      directieAkkoord: "ja",
    });
    const page = await callRoute(schoolRoute.loader, await signedInRequest(user.id, `/scholen/${school.id}`), { schoolId: school.id });
    expect(page.data).toMatchObject({ intake: { antwoorden: { waarom: answers.waarom } } });
  });

  it("warns (but saves) when an answer looks like pupil or family data", async () => {
    const { user, school } = await onboarded();
    const form = { ...answers, opmerkingen: "Zoals bij leerling Yasmine Peeters vorig jaar: 85.07.12-345.67" };
    const result = await callRoute(intakeRoute.action, await signedInRequest(user.id, `/scholen/${school.id}/intake`, { form }), { schoolId: school.id });
    expect(result.status).toBe(200);
    const warnings = (result.data as { warnings: string[] }).warnings;
    expect(warnings.join(" ")).toContain("rijksregisternummer");
    expect(warnings.join(" ")).toContain("naam van een kind");
  });

  it("bad input: 400 with Dutch messages per field, nothing stored", async () => {
    const { user, school } = await onboarded();
    const form = { waarom: "kort", engagementen: ["zichtbaar", "bestaat-niet"], directieAkkoord: "misschien" };
    const result = await callRoute(intakeRoute.action, await signedInRequest(user.id, `/scholen/${school.id}/intake`, { form }), { schoolId: school.id });
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({
      errors: { waarom: expect.stringContaining("waarom"), engagementen: "Kies uit de lijst.", directieAkkoord: expect.any(String) },
    });
    expect((await db.serviceSchool.findFirst({ where: { schoolId: school.id } }))?.intakeNotes ?? null).toBeNull();
  });

  it("another service's school: 404, nothing stored", async () => {
    const { school } = await onboarded();
    const other = await onboarded();
    const result = await callRoute(intakeRoute.action, await signedInRequest(other.user.id, `/scholen/${school.id}/intake`, { form: answers }), {
      schoolId: school.id,
    });
    expect(result.status).toBe(404);
    expect((await db.serviceSchool.findFirst({ where: { schoolId: school.id } }))?.intakeNotes ?? null).toBeNull();
  });
});
