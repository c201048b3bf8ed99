// The page cache around Remix's handler (scripts/server.js): an opted-in page
// is rendered once per user, address and data version, replayed with the new
// response's nonce, and never outlives a write or the session.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "~/utils/db.server";
import { PAGE_CACHE_HEADER, withPageCache, type PageContext } from "~/utils/page-cache.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";

afterEach(() => {
  vi.useRealTimers();
});

type Reply = { status?: number; optIn?: boolean; headers?: Record<string, string>; type?: string };

/** A stand-in for Remix's handler that counts its renders and puts the nonce in the page. */
function renderer(reply: Reply = {}) {
  const renders = { n: 0 };
  const handler = async (request: Request, context: PageContext) => {
    renders.n++;
    const headers = new Headers({ "Content-Type": reply.type ?? "text/html; charset=utf-8", ...reply.headers });
    if (reply.optIn ?? true) headers.set(PAGE_CACHE_HEADER, "1");
    const body = `<p>${new URL(request.url).pathname} render ${renders.n}</p><script nonce="${context.cspNonce}">1</script>`;
    return new Response(body, { status: reply.status ?? 200, headers });
  };
  return { renders, handler };
}

async function signedInUser() {
  const school = await createOrganisation("school");
  return createUser([{ organisationId: school.id, role: "directie" }]);
}

const get = (user: { id: string }, url = "/overzicht?rol=dienst") => signedInRequest(user.id, url);

describe("the page cache", () => {
  it("renders a page once and replays it with each response's own nonce, without the opt-in header", async () => {
    const { renders, handler } = renderer();
    const handle = withPageCache(handler);
    const request = await get(await signedInUser());
    const first = await handle(request, { cspNonce: "nonce-een" });
    const second = await handle(request, { cspNonce: "nonce-twee" });
    expect(renders.n).toBe(1);
    expect(await first.text()).toBe('<p>/overzicht render 1</p><script nonce="nonce-een">1</script>');
    expect(await second.text()).toBe('<p>/overzicht render 1</p><script nonce="nonce-twee">1</script>');
    expect(second.headers.get(PAGE_CACHE_HEADER)).toBeNull();
    expect(second.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
  });

  it("keeps pages apart per user and per address (query string included)", async () => {
    const { renders, handler } = renderer();
    const handle = withPageCache(handler);
    // Signing in is a write, so every request is made first.
    const [a, b] = [await signedInUser(), await signedInUser()];
    const [aPage, bPage, aPage2] = [await get(a), await get(b), await get(a, "/overzicht?rol=dienst&pagina=2")];
    for (const request of [aPage, bPage, aPage2]) await handle(request, {});
    expect(renders.n).toBe(3);
    for (const request of [aPage, bPage, aPage2]) await handle(request, {});
    expect(renders.n).toBe(3);
  });

  it("renders afresh after any write", async () => {
    const { renders, handler } = renderer();
    const handle = withPageCache(handler);
    const request = await get(await signedInUser());
    await handle(request, {});
    await createOrganisation("school");
    const after = await handle(request, {});
    expect(renders.n).toBe(2);
    expect(await after.text()).toContain("render 2");
  });

  it("never replays a page past the end of the session", async () => {
    const { renders, handler } = renderer();
    const handle = withPageCache(handler);
    const request = await get(await signedInUser());
    await handle(request, {});
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + 13 * 3_600_000)); // sessions last 12 hours
    await handle(request, {});
    expect(renders.n).toBe(2);
  });

  it("keeps nothing that is not a signed-in GET of an opted-in 200 HTML page without Set-Cookie", async () => {
    const user = await signedInUser();
    const cases: Array<{ reply: Reply; request: () => Promise<Request> }> = [
      { reply: { optIn: false }, request: () => get(user) },
      { reply: {}, request: async () => new Request("http://localhost/overzicht") },
      { reply: {}, request: () => signedInRequest(user.id, "/overzicht", { method: "POST", form: { a: "1" } }) },
      { reply: { type: "text/x-script" }, request: () => get(user, "/overzicht.data?rol=dienst") },
      { reply: { status: 404 }, request: () => get(user) },
      { reply: { headers: { "Set-Cookie": "a=b" } }, request: () => get(user) },
      { reply: { type: "text/csv" }, request: () => get(user) },
    ];
    for (const { reply, request } of cases) {
      const { renders, handler } = renderer(reply);
      const handle = withPageCache(handler);
      const [one, two] = [await request(), await request()]; // signing in is a write: before the pages
      const first = await handle(one, {});
      await handle(two, {});
      expect(renders.n, JSON.stringify(reply)).toBe(2);
      expect(first.headers.get(PAGE_CACHE_HEADER)).toBeNull();
    }
  });

  it("a signed-out user gets no kept page", async () => {
    const { renders, handler } = renderer();
    const handle = withPageCache(handler);
    const user = await signedInUser();
    const request = await get(user);
    await handle(request, {});
    await db.session.deleteMany({ where: { userId: user.id } });
    await handle(request, {});
    expect(renders.n).toBe(2);
  });
});
