import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { GraphQLServerContext } from "@apollo/server";
import { APOLLO_SANDBOX_FALLBACK, withOfflineFallback } from "../../src/landing/offline-fallback";

// Apollo Sandbox's script comes from Apollo's CDN; offline, its page shows only its fallback. That fallback now
// tells how to use the API without the CDN. Rendered from Apollo's real plugin, so an upgrade that changes
// the fallback's text fails here instead of silently dropping the help.

async function render(links: { label: string; url: string }[]): Promise<string> {
  const plugin = withOfflineFallback(ApolloServerPluginLandingPageLocalDefault({ embed: true }), links);
  const listener = await plugin.serverWillStart!({} as GraphQLServerContext);
  const page = await listener!.renderLandingPage!();
  return typeof page.html === "string" ? page.html : page.html();
}

describe("the development landing page's offline fallback", () => {
  it("keeps Apollo's Sandbox and replaces its 'you might be offline' text with curl and the code URLs", async () => {
    const html = await render([
      { label: "TOTP code", url: "http://127.0.0.1:4010/__emulator/totp/member-x" },
    ]);
    expect(html).toContain("embeddable-sandbox.cdn.apollographql.com");
    expect(html).not.toContain(APOLLO_SANDBOX_FALLBACK);
    expect(html).toContain("Apollo Sandbox loads from Apollo's CDN, which this browser cannot reach");
    expect(html).toMatch(/<pre>curl -s BFF\/graphql /);
    expect(html).toContain('<a href="http://127.0.0.1:4010/__emulator/totp/member-x">');
    // Nothing that the page's Content-Security-Policy would block.
    const help = html.slice(html.indexOf("Apollo Sandbox loads"), html.indexOf("</ul>"));
    expect(help).not.toMatch(/<script|<style|style=/);
  });

  it("escapes what it lists and leaves out the list without links", async () => {
    expect(await render([{ label: "<b>", url: 'http://x/"' }])).toContain(
      '&#60;b&#62;: <a href="http://x/&#34;">',
    );
    expect(await render([])).not.toContain("<ul>");
  });
});
