import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { init } from "~/utils/env.server";
import { PRIVATE_NO_STORE } from "~/utils/http.server";
import { NonceProvider } from "~/utils/nonce-provider";

// Every environment variable, validated when the server loads: a wrong value
// stops the start with one Dutch line naming it (an EnvError; scripts/server.js
// prints its message and exits).
init();

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Every page is private (a route's own Cache-Control, e.g. the signing page's "no-store", is made this one).
  responseHeaders.set("Cache-Control", PRIVATE_NO_STORE);
  // The nonce of this response's Content-Security-Policy (scripts/server.js).
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  // No route streams deferred data, so the page is rendered completely and sent
  // as one buffer: a phone gets one response with a Content-Length, and the
  // server skips a Node → web → Node stream conversion per chunk.
  return new Promise<Response>((resolve, reject) => {
    let rendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          rendered = true;
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              clearTimeout(timeout);
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
              done();
            },
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Log server-side only; the user sees the Dutch error page.
          if (rendered) console.error(error);
        },
      },
    );
    const timeout = setTimeout(abort, streamTimeout + 1_000);
  });
}

/** The data of a client-side navigation or form (`.data`) is as private as the page. */
export function handleDataRequest(response: Response) {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", PRIVATE_NO_STORE);
  return response;
}

/** Errors are logged on the server, never sent to the browser. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}

// Started by scripts/server.js after the server listens (not part of request handling):
// the reminder sweep, and the recovery of signed versions whose final PDF was
// not made yet (a crash right after the last signature).
export { startReminderSweep } from "~/domain/reminders/sweep.server";
export { finalizePendingVersions } from "~/domain/signing/finalize-version.server";

// Used by scripts/server.js around Remix's request handler: the dashboards' pages
// are kept per user until the next write (app/utils/page-cache.server.ts).
export { withPageCache } from "~/utils/page-cache.server";
// Used by scripts/server.js: the client address Express decided (req.ip under
// TRUST_PROXY) is what requestInfo() returns; and the validated environment.
export { withClientAddress } from "~/utils/request-info.server";
export { env } from "~/utils/env.server";
