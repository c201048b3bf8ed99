// The production server: Express serving the Remix build, with security headers.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function createServer() {
  const build = await import(path.join(root, "build", "server", "index.js"));
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "1");

  app.use((req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Content-Security-Policy", "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'");
    if (process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1") {
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    next();
  });
  // Forms are small; the largest is a drawn signature (at most 200 KB).
  app.use((req, res, next) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
      res.status(413).type("text/plain; charset=utf-8").send("Wat u verstuurde is te groot.");
      return;
    }
    next();
  });
  app.use("/assets", express.static(path.join(root, "build", "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "build", "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  // Last resort: a Dutch message, never a stack trace.
  app.use((error, _req, res, _next) => {
    console.error(error);
    if (res.headersSent) return;
    res.status(500).type("text/plain; charset=utf-8").send("Er ging iets mis. Probeer het later opnieuw.");
  });
  return app;
}

export async function startServer({ port = Number(process.env.PORT ?? 3000), host = process.env.HOST } = {}) {
  const app = await createServer();
  return new Promise((resolve) => {
    const server = host ? app.listen(port, host, () => resolve(server)) : app.listen(port, () => resolve(server));
  });
}
