// Issue 12 point 6: after signing in, only a path on this site is followed.
// A tab or newline that a browser drops from a Location ("/\t/evil.example"
// → "//evil.example"), its percent-encoded form, CR/LF (an invalid header:
// once a 500), other hosts and schemes all end on "/".
import { describe, expect, it } from "vitest";
import * as loginRoute from "~/routes/inloggen";
import { buildRequest, createOrganisation, createUser, TEST_PASSWORD } from "../factories";
import { callRoute } from "../setup/route";

async function signInTo(redirectTo: string) {
  const school = await createOrganisation("school");
  const user = await createUser([{ organisationId: school.id, role: "directie" }]);
  return callRoute(loginRoute.action, buildRequest("/inloggen", { form: { email: user.email, password: TEST_PASSWORD, redirectTo } }));
}

describe("redirectTo after sign-in", () => {
  it.each([
    ["/\t/evil.example/x", "tab (the %2F%09%2F of the report, decoded by the form)"],
    ["/%09/evil.example/x", "percent-encoded tab"],
    ["/\n/evil.example", "newline"],
    ["/x\r\nSet-Cookie: akkoord_sessie=evil", "CR/LF (header injection)"],
    ["/x%0D%0ASet-Cookie:%20a=b", "percent-encoded CR/LF"],
    ["/\u0000/evil.example", "NUL"],
    ["/\u200b/evil.example", "zero-width space"],
    ["/ /evil.example", "space"],
    ["//evil.example/x", "protocol-relative"],
    ["/\\evil.example", "backslash"],
    ["/%5Cevil.example", "percent-encoded backslash"],
    ["/%2F/evil.example", "percent-encoded slash making //"],
    ["https://evil.example/x", "absolute URL"],
    ["javascript:alert(1)", "script URL"],
    ["overzicht", "relative path"],
    ["/%E0%A4%A", "undecodable"],
  ])("%j (%s) goes to /", async (redirectTo) => {
    const result = await signInTo(redirectTo);
    expect(result.status).toBe(302);
    expect(result.location).toBe("/");
    expect(result.headers.get("Set-Cookie")).toMatch(/^akkoord_sessie=/);
  });

  it.each(["/overeenkomsten/nieuw", "/scholen?zoek=Sint%20Jan&pagina=2", "/uitnodiging/abc_DEF-123"])("%j, a path on this site, is followed", async (redirectTo) => {
    const result = await signInTo(redirectTo);
    expect(result.status).toBe(302);
    expect(result.location).toBe(redirectTo);
  });
});
