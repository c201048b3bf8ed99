import { describe, expect, it } from "vitest";
import { brusselsWallTime } from "~/domain/calendar/brussels-time";
import * as startRoute from "~/routes/overeenkomsten.$agreementId.vernieuwen";
import { db } from "~/utils/db.server";
import { createAgreementBetween, createOrganisation, createUser, signedInRequest } from "../factories";
import { createFrozenVersion } from "../factories/versions";
import { callRoute } from "../setup/route";
import { deliveredMails, useSweepOutbox } from "./reminders-world";

const outbox = useSweepOutbox();
const { sweep } = outbox;
const initiativeMails = async () => (await deliveredMails(outbox.dir)).filter((m) => m.idempotencyKey?.startsWith("initiative:"));

/** A school with a directie and a signed 2026-2027 nota with its CLB (signed: its version is marked so). */
async function schoolWithSignedNota(name: string, options: { directie?: boolean } = {}) {
  const school = await createOrganisation("school", name);
  const clb = await createOrganisation("clb", `CLB van ${name}`);
  const directie = options.directie === false ? null : await createUser([{ organisationId: school.id, role: "directie" }]);
  const { agreement, version } = await createFrozenVersion({ school, clb, title: `Afsprakennota ${name} 2026-2027` });
  await db.agreementVersion.update({ where: { id: version.id }, data: { status: "ondertekend" } });
  await db.agreement.update({ where: { id: agreement.id }, data: { status: "ondertekend" } });
  return { school, clb, directie, agreement };
}

describe("the 1 May initiative reminder", () => {
  it("reminds each school once, on the first working morning from 1 May, with a link that starts next year's nota", async () => {
    const linde = await schoolWithSignedNota("De Linde");
    // Already has next year's nota: no reminder. No directie account: nobody to remind.
    const renewed = await schoolWithSignedNota("Het Anker");
    await createAgreementBetween(renewed.school, renewed.clb, { title: "Afsprakennota Het Anker 2027-2028" }).then((a) =>
      db.agreement.update({ where: { id: a.id }, data: { schoolYear: "2027-2028" } }),
    );
    await schoolWithSignedNota("Zonder account", { directie: false });

    // Before 1 May, on 1 May itself (a Saturday, Dag van de Arbeid) and at 06:00 on Monday 3 May: nothing.
    for (const now of [brusselsWallTime("2027-04-30", 10), brusselsWallTime("2027-05-01", 10), brusselsWallTime("2027-05-03", 6)]) {
      await sweep(now);
      expect(await initiativeMails()).toEqual([]);
    }
    await sweep(brusselsWallTime("2027-05-03", 7, 5));
    const mails = await initiativeMails();
    expect(mails.map((m) => [m.to[0], m.subject])).toEqual([[(await db.user.findUniqueOrThrow({ where: { id: linde.directie!.id } })).email, "Afsprakennota 2027-2028: De Linde neemt het initiatief"]]);
    expect(mails[0]!.text).toContain("decreet leerlingenbegeleiding van 2018");
    expect(mails[0]!.text).toContain(`https://akkoord.test/overeenkomsten/${linde.agreement.id}/vernieuwen`);

    // Later sweeps (the next day, and in June) send nothing again: once per school per year.
    await sweep(brusselsWallTime("2027-05-04", 7, 5));
    await sweep(brusselsWallTime("2027-06-14", 9));
    expect(await initiativeMails()).toHaveLength(1);

    // The link: a page with one button; the button makes next year's draft; afterwards the link opens it.
    const url = `/overeenkomsten/${linde.agreement.id}/vernieuwen`;
    const page = await callRoute(startRoute.loader, await signedInRequest(linde.directie!.id, url), { agreementId: linde.agreement.id });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ nextYear: "2027-2028" });
    const made = await callRoute(startRoute.action, await signedInRequest(linde.directie!.id, url, { form: {} }), { agreementId: linde.agreement.id });
    expect(made.status).toBe(302);
    const draft = await db.agreement.findFirstOrThrow({ where: { renewedFromId: linde.agreement.id } });
    expect(draft).toMatchObject({ schoolYear: "2027-2028", status: "concept" });
    expect(made.location).toBe(`/overeenkomsten/${draft.id}`);
    const again = await callRoute(startRoute.loader, await signedInRequest(linde.directie!.id, url), { agreementId: linde.agreement.id });
    expect([again.status, again.location]).toEqual([302, `/overeenkomsten/${draft.id}`]);
    const twice = await callRoute(startRoute.action, await signedInRequest(linde.directie!.id, url, { form: {} }), { agreementId: linde.agreement.id });
    expect(twice.location).toBe(`/overeenkomsten/${draft.id}`);
    expect(await db.agreement.count({ where: { renewedFromId: linde.agreement.id } })).toBe(1);

    // Someone of another school can't reach it.
    const stranger = await createUser([{ organisationId: renewed.school.id, role: "directie" }]);
    const refused = await callRoute(startRoute.loader, await signedInRequest(stranger.id, url), { agreementId: linde.agreement.id });
    expect(refused.status).toBe(404);
  });

  it("waits out the school's own day off and comes on its next working morning", async () => {
    const linde = await schoolWithSignedNota("De Linde");
    await db.organisationDayOff.create({
      data: { organisationId: linde.school.id, kind: "studiedag", startDate: "2027-05-03", endDate: "2027-05-03", label: "Pedagogische studiedag" },
    });
    await sweep(brusselsWallTime("2027-05-03", 7, 5));
    expect(await initiativeMails()).toEqual([]);
    await sweep(brusselsWallTime("2027-05-04", 7, 5));
    expect((await initiativeMails()).map((m) => m.idempotencyKey)).toEqual([`initiative:2026-2027:${linde.school.id}`]);
  });
});
