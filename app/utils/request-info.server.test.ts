import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";
import { requestInfo, runWithClientAddress, withClientAddress } from "./request-info.server";

const spoofing = () =>
  new Request("http://localhost/inloggen", {
    headers: { "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8", "user-agent": "test-agent" },
  });

describe("requestInfo", () => {
  it("believes no header: without an address from the server it has none", () => {
    expect(requestInfo(spoofing())).toEqual({ ipAddress: null, userAgent: "test-agent" });
  });

  it("returns the address the server decided (req.ip), whatever the headers say", async () => {
    expect(runWithClientAddress("192.0.2.1", () => requestInfo(spoofing()).ipAddress)).toBe("192.0.2.1");
    // Through the wrapper around Remix's handler, across awaits, per request.
    const handler = withClientAddress(async (request: Request, _context: { clientAddress?: string | null }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return new Response(requestInfo(request).ipAddress);
    });
    const answers = await Promise.all([
      handler(spoofing(), { clientAddress: "192.0.2.1" }).then((r) => r.text()),
      handler(spoofing(), { clientAddress: "2001:db8::2" }).then((r) => r.text()),
      handler(spoofing(), {}).then((r) => r.text()),
    ]);
    expect(answers).toEqual(["192.0.2.1", "2001:db8::2", ""]);
  });
});

describe("TRUST_PROXY", () => {
  const trustProxy = (value: string | undefined) => parseEnv({ NODE_ENV: "test", ...(value === undefined ? {} : { TRUST_PROXY: value }) }).TRUST_PROXY;

  it("is off unless set", () => {
    for (const off of [undefined, "", "0", "false"]) expect(trustProxy(off)).toBe(false);
  });

  it("takes a number of proxies, or proxy addresses, subnets and Express's names", () => {
    expect(trustProxy("1")).toBe(1);
    expect(trustProxy("2")).toBe(2);
    expect(trustProxy("loopback, 10.0.0.0/8,fd00::/8, 192.0.2.10")).toEqual(["loopback", "10.0.0.0/8", "fd00::/8", "192.0.2.10"]);
  });

  it("refuses 'true' (any client could choose its address) and anything that is not an address", () => {
    for (const wrong of ["true", "yes", "10.0.0.0/33", "example.com", "1.2.3.4/8/1", "-1"]) {
      expect(() => trustProxy(wrong), wrong).toThrow(/TRUST_PROXY/);
    }
  });
});
