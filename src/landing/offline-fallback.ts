import type { ApolloServerPlugin, BaseContext, LandingPage } from "@apollo/server";

// Apollo's development landing page (embedded Sandbox) is a shell whose script comes from Apollo's CDN; every
// Apollo landing page does that, so none works offline. The shell already holds a fallback that shows when the
// script never draws its iframe over it ("it appears that you might be offline"). That fallback is replaced
// with help that works without the CDN: curl against this API and links to the emulator's code URLs.

/** The sentence of @apollo/server 5's embedded-Sandbox fallback; the test fails when an upgrade changes it. */
export const APOLLO_SANDBOX_FALLBACK =
  "<p>Apollo Sandbox cannot be loaded; it appears that you might be offline.</p>";

export interface HelpLink {
  label: string;
  url: string;
}

/** Wraps a landing page plugin; its page is unchanged except for the offline fallback's text. */
export function withOfflineFallback<T extends BaseContext>(
  plugin: ApolloServerPlugin<T>,
  links: readonly HelpLink[],
): ApolloServerPlugin<T> {
  return {
    ...plugin,
    async serverWillStart(service) {
      const listener = await plugin.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage(): Promise<LandingPage> {
          const page = await render.call(listener);
          const html = typeof page.html === "string" ? page.html : await page.html();
          return { html: html.replace(APOLLO_SANDBOX_FALLBACK, offlineHelpHtml(links)) };
        },
      };
    },
  };
}

/** Plain HTML, no script or style (the page's Content-Security-Policy allows only nonced ones). */
export function offlineHelpHtml(links: readonly HelpLink[]): string {
  const query = JSON.stringify({ query: "{ viewer { member { email } organization { slug } } }" });
  const items = links.map(
    (l) => `<li>${escapeHtml(l.label)}: <a href="${escapeHtml(l.url)}">${escapeHtml(l.url)}</a></li>`,
  );
  return [
    "<p>Apollo Sandbox loads from Apollo's CDN, which this browser cannot reach (offline?). The API works without it.",
    "Replace BFF with this page's address and TOKEN with the demo session token the terminal printed:</p>",
    `<pre>curl -s BFF/graphql -H 'content-type: application/json' -H 'authorization: Bearer TOKEN' \\\n  -d '${escapeHtml(query)}'</pre>`,
    ...(items.length > 0
      ? ["<p>Codes the embedded Stytch emulator would have sent:</p>", `<ul>${items.join("")}</ul>`]
      : []),
  ].join("\n");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
