import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError, conflict, expiredLink, forbidden, invalidInput, isAppError, notFound, tamperedVersion, unusableLink } from "./errors";
import { appErrorResponse, orRespond, replyWithError, throwAsResponse } from "./http.server";

type Answer = { type: string; data: unknown; init: { status?: number } | null };
const answer = (value: unknown) => {
  const a = value as Answer;
  return { status: a.init?.status, data: a.data };
};
const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (thrown) {
    return thrown;
  }
  throw new Error("nothing was thrown");
};

describe("signing refusals are AppError codes", () => {
  it("a link that does not work is 410 and its answer is the code alone; a tampered version is 409 with its Dutch message", () => {
    expect(answer(appErrorResponse(unusableLink()))).toEqual({ status: 410, data: { code: "LINK_UNAVAILABLE" } });
    expect(answer(appErrorResponse(expiredLink()))).toEqual({ status: 410, data: { code: "LINK_EXPIRED" } });
    expect(answer(appErrorResponse(tamperedVersion()))).toEqual({
      status: 409,
      data: { code: "VERSION_TAMPERED", message: "De inhoud van deze versie klopt niet met wat werd vastgelegd. Ze kan niet ondertekend worden." },
    });
  });

  it("isAppError tells the codes apart", () => {
    expect(isAppError(unusableLink(), "LINK_UNAVAILABLE")).toBe(true);
    expect(isAppError(expiredLink(), "LINK_UNAVAILABLE")).toBe(false);
    expect(isAppError(conflict())).toBe(true);
    expect(isAppError(new Error("x"))).toBe(false);
  });
});

describe("one mapping from AppError to an answer", () => {
  it("replyWithError gives the page its body with the error's status", () => {
    expect(answer(replyWithError(invalidInput("Kies een datum.", "date"), (e) => ({ message: e.message, field: e.field })))).toEqual({
      status: 400,
      data: { message: "Kies een datum.", field: "date" },
    });
    expect(answer(replyWithError(forbidden(), (e) => ({ message: e.message })))).toEqual({ status: 403, data: { message: "U mag deze actie niet uitvoeren." } });
  });

  it("the codes it is told to throw (by default 404) become the error page; other errors are rethrown as they are", () => {
    expect(answer(thrownBy(() => replyWithError(notFound(), () => ({}))))).toEqual({ status: 404, data: { code: "NOT_FOUND", message: notFound().message } });
    expect(answer(replyWithError(notFound("Deze uitnodiging werkt niet meer."), (e) => ({ message: e.message }), []))).toEqual({
      status: 404,
      data: { message: "Deze uitnodiging werkt niet meer." },
    });
    expect(answer(thrownBy(() => replyWithError(forbidden(), () => ({}), ["FORBIDDEN", "NOT_FOUND"])))).toMatchObject({ status: 403 });
    const crash = new Error("database is locked");
    expect(thrownBy(() => replyWithError(crash, () => ({})))).toBe(crash);
    expect(thrownBy(() => throwAsResponse(crash))).toBe(crash);
    expect(answer(thrownBy(() => throwAsResponse(unusableLink())))).toEqual({ status: 410, data: { code: "LINK_UNAVAILABLE" } });
  });

  it("orRespond turns a refusal of a domain call into its response", async () => {
    await expect(orRespond(Promise.resolve(7))).resolves.toBe(7);
    const thrown = await orRespond(Promise.reject(tamperedVersion())).catch((e: unknown) => e);
    expect(answer(thrown)).toMatchObject({ status: 409, data: { code: "VERSION_TAMPERED" } });
  });

  it("no route writes its own instanceof block for AppError or the old signing error classes", () => {
    const routes = path.resolve(__dirname, "../routes");
    const offenders = readdirSync(routes)
      .filter((file) => /\.tsx?$/.test(file))
      .filter((file) => /instanceof (AppError|UnusableLinkError|ExpiredLinkError|TamperedVersionError|ContentHashMismatchError)\b/.test(readFileSync(path.join(routes, file), "utf8")));
    expect(offenders).toEqual([]);
    expect(new AppError("LINK_EXPIRED").status).toBe(410);
  });
});
