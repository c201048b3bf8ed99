import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { onBuildWarning, precompressPlugin } from "./scripts/precompress.js";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: Number(process.env.PORT ?? 3000) },
  plugins: [remix(remixConfig), tsconfigPaths(), precompressPlugin()],
  build: { target: "es2022", rollupOptions: { onwarn: onBuildWarning } },
  ssr: { noExternal: [] },
});
