import path from "node:path";
import { defineConfig } from "prisma/config";
import { createSqliteAdapter } from "./app/utils/sqlite-adapter.server";

// Prisma 6.19 with its JavaScript schema engine: no binary download, works offline.
const url = process.env.DATABASE_URL ?? "file:./data/app.db";
const shadowDatabaseUrl =
  process.env.SHADOW_DATABASE_URL ?? `file:${path.join("data", "shadow.db")}`;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => createSqliteAdapter(url, { shadowDatabaseUrl }),
});
