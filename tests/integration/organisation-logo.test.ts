// An organisation's beheerder uploads its logo on the settings page; it is
// checked by its bytes (PNG or JPEG magic, at most 500 KB, dimensions read from
// the header and at most 2000 × 2000) and anyone else is refused. A refusal is
// a Dutch message with a 4xx status and stores nothing.
import { describe, expect, it } from "vitest";
import { LOGO_MESSAGES } from "~/domain/organisation-settings/logo.server";
import { encodePng, pngWithImageData } from "../support/pdf";
import * as settingsRoute from "~/routes/instellingen";
import { db } from "~/utils/db.server";
import { createUserSession } from "~/utils/session.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";

/** A 24 × 12 baseline JPEG (made with pdftoppm). */
const JPEG = Buffer.from("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAMABgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDgqKKK988QKKKKAP/Z", "base64");
const PNG = encodePng(120, 60, (x, y) => [x * 2, y * 4, 128, 255]);

async function uploadAs(userId: string, organisationId: string, bytes: Uint8Array, fileName = "logo.png") {
  const cookie = (await createUserSession(userId, new Request("http://localhost/"))).split(";")[0]!;
  const form = new FormData();
  form.append("intent", "logo-upload");
  form.append("organisationId", organisationId);
  form.append("logo", new File([new Uint8Array(bytes)], fileName, { type: "image/png" }));
  const request = new Request("http://localhost/instellingen", { method: "POST", body: form, headers: { Cookie: cookie } });
  return callRoute(settingsRoute.action, request);
}

async function schoolWithBeheerder() {
  const school = await createOrganisation("school");
  const beheerder = await createUser([{ organisationId: school.id, role: "beheerder" }]);
  return { school, beheerder };
}

const storedLogo = (organisationId: string) => db.organisationLogo.findUnique({ where: { organisationId } });

describe("uploading an organisation's logo", () => {
  it("the beheerder uploads a PNG: stored with its type and size, and the settings page says so", async () => {
    const { school, beheerder } = await schoolWithBeheerder();
    const answer = await uploadAs(beheerder.id, school.id, PNG);
    expect(answer.status).toBe(200);
    const logo = await storedLogo(school.id);
    expect(logo).toMatchObject({ mimeType: "image/png", width: 120, height: 60, uploadedById: beheerder.id });
    expect(Buffer.from(logo!.bytes).equals(Buffer.from(PNG))).toBe(true);

    const page = await callRoute(settingsRoute.loader, await signedInRequest(beheerder.id, "/instellingen"));
    expect((page.data as { logos: unknown[] }).logos).toEqual([
      { organisationId: school.id, organisationName: school.name, logo: { organisationId: school.id, mimeType: "image/png", width: 120, height: 60 } },
    ]);
  });

  it("a JPEG is accepted too, whatever the file is called", async () => {
    const { school, beheerder } = await schoolWithBeheerder();
    expect((await uploadAs(beheerder.id, school.id, JPEG, "logo.png")).status).toBe(200);
    expect(await storedLogo(school.id)).toMatchObject({ mimeType: "image/jpeg", width: 24, height: 12 });
  });

  it("a GIF renamed to .png is refused by its bytes", async () => {
    const { school, beheerder } = await schoolWithBeheerder();
    const gif = Buffer.concat([Buffer.from("GIF89a", "latin1"), Buffer.from([16, 0, 8, 0, 0x80, 0, 0]), Buffer.alloc(40)]);
    const answer = await uploadAs(beheerder.id, school.id, gif, "logo.png");
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ logoError: LOGO_MESSAGES.wrongType });
    expect(await storedLogo(school.id)).toBeNull();
  });

  it("a file over 500 KB is refused (413) and nothing is stored", async () => {
    const { school, beheerder } = await schoolWithBeheerder();
    const big = Buffer.concat([Buffer.from(PNG), Buffer.alloc(501 * 1024)]);
    const answer = await uploadAs(beheerder.id, school.id, big);
    expect(answer.status).toBe(413);
    expect(answer.data).toMatchObject({ logoError: LOGO_MESSAGES.tooLarge });
    expect(await storedLogo(school.id)).toBeNull();
  });

  it("huge pixel dimensions are refused from the header, before any decoding (PNG and JPEG)", async () => {
    const { school, beheerder } = await schoolWithBeheerder();
    // A 40,000 × 40,000 PNG whose few bytes of image data would inflate to gigabytes.
    const png = pngWithImageData({ width: 40_000, height: 40_000 }, Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    const pngAnswer = await uploadAs(beheerder.id, school.id, png);
    expect(pngAnswer.status).toBe(400);
    expect(pngAnswer.data).toMatchObject({ logoError: LOGO_MESSAGES.tooManyPixels });
    // The JPEG's frame header says 12 × 3000.
    const jpeg = Buffer.from(JPEG);
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    jpeg.writeUInt16BE(3000, sof + 7);
    const jpegAnswer = await uploadAs(beheerder.id, school.id, jpeg);
    expect(jpegAnswer.status).toBe(400);
    expect(jpegAnswer.data).toMatchObject({ logoError: LOGO_MESSAGES.tooManyPixels });
    expect(await storedLogo(school.id)).toBeNull();
  });

  it("a PNG that is cut off is refused as unreadable", async () => {
    const { school, beheerder } = await schoolWithBeheerder();
    const answer = await uploadAs(beheerder.id, school.id, PNG.subarray(0, PNG.length - 20));
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ logoError: LOGO_MESSAGES.broken });
    expect(await storedLogo(school.id)).toBeNull();
  });

  it("only that organisation's beheerder: its directie and another organisation's beheerder get 403", async () => {
    const { school } = await schoolWithBeheerder();
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    const other = await schoolWithBeheerder();
    for (const userId of [directie.id, other.beheerder.id]) {
      const answer = await uploadAs(userId, school.id, PNG);
      expect(answer.status).toBe(403);
      expect(answer.data).toMatchObject({ logoError: LOGO_MESSAGES.forbidden });
    }
    expect(await storedLogo(school.id)).toBeNull();
    // The directie sees no logo form.
    const page = await callRoute(settingsRoute.loader, await signedInRequest(directie.id, "/instellingen"));
    expect((page.data as { logos: unknown[] }).logos).toEqual([]);
  });

  it("the beheerder removes the logo; someone else cannot", async () => {
    const { school, beheerder } = await schoolWithBeheerder();
    await uploadAs(beheerder.id, school.id, PNG);
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    const remove = async (userId: string) =>
      callRoute(settingsRoute.action, await signedInRequest(userId, "/instellingen", { form: { intent: "logo-remove", organisationId: school.id } }));
    expect((await remove(directie.id)).status).toBe(403);
    expect(await storedLogo(school.id)).not.toBeNull();
    expect((await remove(beheerder.id)).status).toBe(200);
    expect(await storedLogo(school.id)).toBeNull();
  });
});
