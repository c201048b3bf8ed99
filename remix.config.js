// The one place that holds Akkoord's Remix options. vite.config.ts hands them
// to the Remix Vite plugin; app/routes.ts applies the route conventions.

/** Route files: flat routes in app/routes, tests and dotfiles ignored. */
export const routeConventions = {
  rootDirectory: "routes",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.css"],
};

/** @type {{ appDirectory: string, serverModuleFormat: "esm", future: Record<string, boolean> }} */
const config = {
  appDirectory: "app",
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    v3_routeConfig: true,
  },
};

export default config;
