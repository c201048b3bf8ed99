import { AsyncLocalStorage } from "node:async_hooks";

// The client address is decided by the Express layer (scripts/server.js):
// `req.ip`, which believes X-Forwarded-For only as far as TRUST_PROXY says.
// It reaches Remix in the load context (`clientAddress`), and
// `withClientAddress` keeps it for the rest of the request, so every loader
// and action reads it through `requestInfo(request)` without handing the
// context down. No request header is read here: a client cannot choose the
// address that rate limits, audit rows and signatures record.

const clientAddress = new AsyncLocalStorage<string | null>();

/** Runs `work` as a request from `address` (the server wrapper below, and tests of route modules). */
export function runWithClientAddress<T>(address: string | null, work: () => T): T {
  return clientAddress.run(address, work);
}

/** Wraps the Remix request handler: the load context's `clientAddress` is the address for that request. */
export function withClientAddress<C extends { clientAddress?: string | null }>(
  handler: (request: Request, context: C) => Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  return (request, context) => runWithClientAddress(context.clientAddress ?? null, () => handler(request, context));
}

/** The client address and user agent, for audit events and rate limits. */
export function requestInfo(request: Request): { ipAddress: string | null; userAgent: string | null } {
  return { ipAddress: clientAddress.getStore() ?? null, userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null };
}
