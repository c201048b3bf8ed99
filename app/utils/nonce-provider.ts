// The per-request CSP nonce (made in scripts/server.js, passed through the
// load context) for the inline scripts Remix renders: app/entry.server.tsx
// provides it, app/root.tsx hands it to <Scripts> and <ScrollRestoration>.
// In the browser the context is empty: browsers hide nonce attributes anyway.
import { createContext, createElement, useContext, type ReactNode } from "react";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set by scripts/server.js; absent under `remix vite:dev` (no CSP there). */
    cspNonce?: string;
  }
}

const NonceContext = createContext<string | undefined>(undefined);

export function NonceProvider({ value, children }: { value: string | undefined; children: ReactNode }) {
  return createElement(NonceContext.Provider, { value }, children);
}

export const useNonce = () => useContext(NonceContext);
