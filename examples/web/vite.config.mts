import { defineConfig } from "vite";

/** Where the BFF listens (`npm start` prints it: loopback); the dev server forwards /graphql there. */
const bffUrl = process.env.BFF_URL ?? "http://127.0.0.1:4000";

export default defineConfig({
  server: {
    port: 5173,
    strictPort: true,
    // The page and /graphql share one origin, so the BFF's HttpOnly cookies are first-party and SameSite=Lax
    // never drops them. changeOrigin stays false: the BFF then sees the page's Host, which matches the page's
    // Origin, and its same-origin check passes without a CORS_ORIGINS entry.
    proxy: { "/graphql": { target: bffUrl, changeOrigin: false } },
  },
  // Two dev servers at once (the browser tests run files in parallel) must not share one optimizer cache.
  cacheDir: process.env.VITE_CACHE_DIR ?? "../../node_modules/.vite/examples-web",
});
