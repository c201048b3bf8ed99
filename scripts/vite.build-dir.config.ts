// `remix vite:build --config scripts/vite.build-dir.config.ts` with BUILD_DIR
// set: the same build as vite.config.ts, written to BUILD_DIR instead of
// build/. The bench and the reliability tests build their own copy this way and
// start scripts/server.js with the same BUILD_DIR, so a concurrent `npm test`
// (which rebuilds build/) cannot swap the files under a running server.
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { onBuildWarning, precompressPlugin } from "./precompress.js";
import remixConfig from "../remix.config.js";

const buildDirectory = process.env.BUILD_DIR;
if (!buildDirectory) throw new Error("BUILD_DIR is not set");

export default defineConfig({
  root: new URL("..", import.meta.url).pathname,
  plugins: [remix({ ...remixConfig, buildDirectory }), tsconfigPaths(), precompressPlugin()],
  build: { target: "es2022", rollupOptions: { onwarn: onBuildWarning } },
  ssr: { noExternal: [] },
});
