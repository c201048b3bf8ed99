// Whole rendered pages, kept for the routes that ask for it (the dashboards:
// a coordinator of 300 schools reloads the same overview all day). A page is
// kept per user and address, and only for the database's data version it was
// rendered at (read-cache.server.ts): any committed write makes the next
// request render afresh. A minute bounds what depends on the clock alone.
//
// A route opts in by sending PAGE_CACHE_HEADER (see `pageCacheHeaders`); the
// header never leaves the server. Only a signed-in user's GET of an HTML page
// with status 200 and no Set-Cookie is kept. The page's CSP nonce is replaced
// by the nonce of each response that replays it.
import { LRUCache } from "lru-cache";
import { dataVersion } from "./read-cache.server";
import { getSessionUser } from "./session.server";

export const PAGE_CACHE_HEADER = "X-Akkoord-Page-Cache";

/** The `headers` export of a route whose pages may be kept. */
export const pageCacheHeaders = () => ({ [PAGE_CACHE_HEADER]: "1" });

export type PageContext = { cspNonce?: string };
export type PageHandler = (request: Request, context: PageContext) => Promise<Response>;

type Page = { body: string; status: number; headers: Array<[string, string]>; nonce: string | undefined };

/** The key of a request whose page may be replayed, or null. */
async function pageKey(request: Request): Promise<string | null> {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  // Client-side navigations fetch data (`.data`), not pages.
  if (url.pathname.endsWith(".data")) return null;
  const version = dataVersion();
  if (version === null) return null;
  const user = await getSessionUser(request);
  if (!user) return null;
  return `${version}\u0000${user.id}\u0000${url.pathname}${url.search}`;
}

function replay(page: Page, nonce: string | undefined): Response {
  const body = page.nonce && nonce ? page.body.replaceAll(page.nonce, nonce) : page.body;
  return new Response(body, { status: page.status, headers: page.headers });
}

export function withPageCache(handler: PageHandler, options: { max?: number; ttlMs?: number } = {}): PageHandler {
  const pages = new LRUCache<string, Page>({ max: options.max ?? 200, ttl: options.ttlMs ?? 60_000 });
  return async (request, context) => {
    const key = await pageKey(request);
    const kept = key ? pages.get(key) : undefined;
    if (kept) return replay(kept, context.cspNonce);

    const response = await handler(request, context);
    const optedIn = response.headers.has(PAGE_CACHE_HEADER);
    response.headers.delete(PAGE_CACHE_HEADER);
    const html = response.headers.get("Content-Type")?.startsWith("text/html") ?? false;
    if (!optedIn || !key || response.status !== 200 || !html || response.headers.has("Set-Cookie")) return response;
    const page: Page = { body: await response.text(), status: response.status, headers: [...response.headers], nonce: context.cspNonce };
    pages.set(key, page);
    return replay(page, context.cspNonce);
  };
}
