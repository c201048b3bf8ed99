// The production server: Express serving the Remix build, with security headers.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pipeline } from "node:stream";
import zlib from "node:zlib";
import { writeReadableStreamToWritable } from "@remix-run/node";
// Not in the package's index (2.17): the request/response conversions its own handler uses.
import { createRequestHandler as createRemixHandler } from "@remix-run/node";
import express from "express";
import { exitIfDatabaseBroken } from "./database-check.js";
import { precompressedFiles } from "./precompress.js";
import { createRemixRequest, sendRemixResponse } from "./remix-request.js";

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The Content-Security-Policy of every response. Scripts only from this origin
 * or inline with this request's nonce (Remix's hydration and streaming
 * scripts, see app/entry.server.tsx and app/root.tsx); style attributes are
 * allowed (React renders a few), <style> elements are not.
 */
export function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The client's address as Express sees it under TRUST_PROXY; an IPv4 client of a dual-stack socket without its "::ffff:". */
function clientAddress(req) {
  return req.ip?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "") || null;
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * A form posted from another site (an Origin that is not this host) is
 * refused with a 403 before it reaches Remix, whose own guard
 * (throwIfPotentialCSRFAttack) would throw: a 500 with an empty body and a
 * stack trace in the log. The comparison is Remix's, so whatever passes here
 * passes there: the Origin's host against the first X-Forwarded-Host, else
 * Host; "null" or an Origin that is not a URL is refused too.
 */
function refuseCrossOriginWrites(req, res, next) {
  const origin = req.headers.origin;
  if (!UNSAFE_METHODS.has(req.method) || origin === undefined) return next();
  const host = req.headers["x-forwarded-host"]?.split(",")[0]?.trim() || req.headers.host;
  let originHost = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    /* not a URL: refused below */
  }
  if (host && originHost === host) return next();
  res.status(403).type("text/plain; charset=utf-8").send("Dit formulier komt niet van deze website en werd daarom niet verwerkt.");
}

/**
 * `?_data=` is the data protocol of Remix before single fetch. This app uses
 * single fetch, so no page of ours sends it; Remix still answers it, logging a
 * warning and a stack trace, and a route id it cannot place can end in a 500.
 * Such a request is refused with a 400 before it reaches Remix.
 */
function refuseLegacyDataRequests(req, res, next) {
  if (!Object.prototype.hasOwnProperty.call(req.query ?? {}, "_data")) return next();
  res.status(400).type("text/plain; charset=utf-8").send("Deze aanvraag wordt niet ondersteund. Open de pagina zonder ?_data.");
}

/**
 * The encoding to answer with, from the request's Accept-Encoding: brotli,
 * else gzip, else none (null). A coding with q=0 is refused by the client.
 */
export function chooseEncoding(acceptEncoding) {
  const accepted = new Set();
  for (const part of String(acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name.trim());
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip")) return "gzip";
  return null;
}

/**
 * Static files (build/client): the .br or .gz the build made beside a file
 * (scripts/precompress.js) is sent instead of it when the browser accepts it,
 * with the file's own Content-Type; express.static sends it (and its caching
 * headers) after this.
 */
export function servePrecompressed(clientDir, available) {
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let relative;
    try {
      relative = decodeURIComponent(req.path).replace(/^\/+/, "");
    } catch {
      return next();
    }
    if (!available.has(`${relative}.br`) && !available.has(`${relative}.gz`)) return next();
    res.append("Vary", "Accept-Encoding");
    const encoding = chooseEncoding(req.headers["accept-encoding"]);
    const suffix = encoding === "br" ? ".br" : ".gz";
    if (!encoding || !available.has(`${relative}${suffix}`)) return next();
    res.type(path.extname(relative));
    res.setHeader("Content-Encoding", encoding);
    res.locals.precompressedUrl = req.url;
    req.url = `${req.url.split("?")[0]}${suffix}`;
    next();
  };
}

/** After express.static: a precompressed file that was not there after all (removed since start) goes on as the plain request. */
export function undoPrecompressed(req, res, next) {
  if (res.locals.precompressedUrl !== undefined) {
    req.url = res.locals.precompressedUrl;
    res.locals.precompressedUrl = undefined;
    res.removeHeader("Content-Encoding");
    res.removeHeader("Content-Type");
  }
  next();
}

/** Remix answers worth compressing on the fly: pages, single-fetch data, JSON, text, CSV, calendars. */
const COMPRESSIBLE_TYPE = /^(text\/(html|plain|css|csv|calendar|x-script|javascript)|application\/(json|javascript|manifest\+json)|image\/svg\+xml)\b/i;

/**
 * Sends Remix's response, compressed with node:zlib when the browser accepts
 * it and the content is text. Every chunk is flushed as it comes, so a
 * streamed page (deferred data) still arrives piece by piece.
 */
export async function sendResponse(req, res, response) {
  const type = response.headers.get("Content-Type") ?? "";
  const length = response.headers.get("Content-Length");
  const encoding = chooseEncoding(req.headers["accept-encoding"]);
  const compressible =
    encoding &&
    response.body &&
    req.method !== "HEAD" &&
    COMPRESSIBLE_TYPE.test(type) &&
    !response.headers.has("Content-Encoding") &&
    (length === null || Number(length) >= 1024);
  if (!compressible) return sendRemixResponse(res, response);
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) {
    if (key.toLowerCase() !== "content-length") res.append(key, value);
  }
  res.append("Vary", "Accept-Encoding");
  res.setHeader("Content-Encoding", encoding);
  // A quick level: pages are made per request (the static assets have the best compression, made at build time).
  const compressor =
    encoding === "br"
      ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
      : zlib.createGzip({ level: 6 });
  pipeline(compressor, res, () => {});
  await writeReadableStreamToWritable(response.body, compressor);
}

/** BUILD_DIR (default build/): where `remix vite:build` put the app. The bench and the reliability tests use their own. */
export function buildDirectory() {
  return path.resolve(root, process.env.BUILD_DIR || "build");
}

/**
 * A function the build's entry (app/entry.server.tsx) must export. A missing
 * one stops the start: a renamed export must not quietly switch a feature off.
 */
export function entryExport(build, name) {
  const value = build.entry.module[name];
  if (typeof value !== "function") {
    throw new Error(`De build mist ${name} (app/entry.server.tsx). Bouw de app opnieuw met npm run build.`);
  }
  return value;
}

/**
 * Loads the build. Its entry validates every environment variable (init() in
 * app/entry.server.tsx); a wrong one stops the start with that one Dutch line.
 */
async function loadBuild(buildDir) {
  try {
    return await import(path.join(buildDir, "server", "index.js"));
  } catch (error) {
    if (error instanceof Error && error.name === "EnvError") {
      console.error(`Akkoord start niet: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

export async function createServer() {
  const buildDir = buildDirectory();
  const build = await loadBuild(buildDir);
  // The settings, as the environment module (app/utils/env.server.ts) validated them.
  const settings = entryExport(build, "env")();
  const app = express();
  app.locals.build = build;
  app.locals.settings = settings;
  app.disable("x-powered-by");
  // TRUST_PROXY: which X-Forwarded-For hops req.ip believes; none by default.
  app.set("trust proxy", settings.TRUST_PROXY);

  app.use((req, res, next) => {
    // A fresh nonce per request, handed to Remix through the load context.
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(res.locals.cspNonce));
    if (settings.NODE_ENV === "production" && !settings.INSECURE_COOKIES) {
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    next();
  });
  // Forms are small; the largest is a drawn signature (at most 200 KB).
  app.use((req, res, next) => {
    // The verify page accepts a PDF of up to 4 MB (VERIFY_MAX_BYTES in app/domain/signing/settings.server.ts).
    const limit = req.path === "/verifieer" ? 4 * 1024 * 1024 + 64 * 1024 : MAX_BODY_BYTES;
    const length = req.headers["content-length"];
    // A body without a length (chunked) could not be held to the limit; browsers always send one.
    if (length === undefined && req.headers["transfer-encoding"] !== undefined) {
      res.set("Connection", "close");
      res.status(411).type("text/plain; charset=utf-8").send("Wat u verstuurde had geen lengte (Content-Length).");
      return;
    }
    if (Number(length ?? 0) > limit) {
      res.set("Connection", "close"); // the body is not read
      res.status(413).type("text/plain; charset=utf-8").send("Wat u verstuurde is te groot.");
      return;
    }
    // A response sent before the body was read (a 404, a refusal before the
    // form is parsed): read and drop the rest, so the client can finish
    // sending and the connection stays usable. Without this the connection
    // hangs with the unread body until the keep-alive timeout resets it, and
    // the browser's next request on it fails.
    res.on("finish", () => {
      if (req.complete) return;
      req.removeAllListeners("data"); // Remix's body stream stopped pulling
      req.resume();
    });
    next();
  });
  app.use(refuseCrossOriginWrites);
  app.use(refuseLegacyDataRequests);
  const clientDir = path.join(buildDir, "client");
  app.use(servePrecompressed(clientDir, await precompressedFiles(clientDir)));
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
  // public/ is copied into the build: icons, manifest, robots.txt, and .well-known/ (a dot folder, which express.static skips by default).
  app.use("/.well-known", express.static(path.join(clientDir, ".well-known"), { maxAge: "1h" }));
  app.use(express.static(path.join(clientDir), { maxAge: "1h" }));
  app.use(undoPrecompressed);
  // Remix's handler, wrapped by the page cache of the build (see
  // app/utils/page-cache.server.ts); the same steps as @remix-run/express's
  // createRequestHandler, which offers no hook around the handler.
  const remix = createRemixHandler(build, settings.NODE_ENV);
  const handle = entryExport(build, "withClientAddress")(entryExport(build, "withPageCache")(remix));
  app.all("*", async (req, res, next) => {
    try {
      const context = { cspNonce: res.locals.cspNonce, clientAddress: clientAddress(req) };
      const response = await handle(createRemixRequest(req, res), context);
      await sendResponse(req, res, response);
    } catch (error) {
      next(error);
    }
  });
  // Last resort: a Dutch message, never a stack trace.
  app.use((error, _req, res, _next) => {
    console.error(error);
    if (res.headersSent) return;
    res.status(500).type("text/plain; charset=utf-8").send("Er ging iets mis. Probeer het later opnieuw.");
  });
  return app;
}

/** Starts the server on `port` (default PORT) and `host` (default HOST, else every interface). */
export async function startServer({ port, host, checkDatabase = true } = {}) {
  // A damaged or unreadable database stops the start with one line (PRAGMA quick_check).
  if (checkDatabase) exitIfDatabaseBroken();
  const app = await createServer();
  const { build, settings } = app.locals;
  port ??= settings.PORT;
  host ??= settings.HOST;
  // The reminder sweep runs inside the server (exported by app/entry.server.tsx, so it is part of the build).
  const startReminderSweep = entryExport(build, "startReminderSweep");
  const finalizePendingVersions = entryExport(build, "finalizePendingVersions");
  if (!settings.REMINDERS_DISABLED) startReminderSweep({ intervalMs: settings.REMINDERS_INTERVAL_MS });
  finalizePendingVersions().catch((error) => console.error("Ondertekende versies afwerken mislukte:", error));
  return new Promise((resolve) => {
    const server = host ? app.listen(port, host, () => resolve(server)) : app.listen(port, () => resolve(server));
  });
}
