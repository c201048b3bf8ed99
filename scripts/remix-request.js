// Express request → Fetch Request, and Fetch Response → Express response, for
// the Remix handler. @remix-run/express does the same inside its
// createRequestHandler but exports these steps only from a private path, and
// the server needs its own steps around the handler (page cache, client
// address, compression). Built on @remix-run/node's public helpers.
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from "@remix-run/node";

function requestHeaders(incoming) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(incoming)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  return headers;
}

/** The Fetch Request for an Express request; it is aborted when the client goes away before the answer is sent. */
export function createRemixRequest(req, res) {
  // req.hostname honours "trust proxy" but drops the port: take it from X-Forwarded-Host or Host.
  const portOf = (value) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("X-Forwarded-Host")), portOf(req.get("host"))].find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller = new AbortController();
  const init = { method: req.method, headers: requestHeaders(req.headers), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

/** Writes a Fetch Response to Express as it is (no compression). */
export async function sendRemixResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
