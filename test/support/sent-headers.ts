import type { Page } from "playwright-core";

/**
 * The headers Chromium really sent for requests to URLs ending in `suffix`, Cookie and Origin included.
 * Playwright only knows a refused cross-origin request's provisional headers, so this asks the DevTools
 * protocol, which reports the final ones (requestWillBeSentExtraInfo) even when CORS then fails the fetch.
 */
export async function recordSentHeaders(page: Page, suffix: string) {
  const cdp = await page.context().newCDPSession(page);
  const urls = new Map<string, string>();
  const sent: Array<{ requestId: string; headers: Record<string, string> }> = [];
  cdp.on("Network.requestWillBeSent", ({ requestId, request }) => urls.set(requestId, request.url));
  cdp.on("Network.requestWillBeSentExtraInfo", ({ requestId, headers }) =>
    sent.push({ requestId, headers: headers as Record<string, string> }),
  );
  await cdp.send("Network.enable");
  return {
    /** Header names in lower case, one record per request sent so far. */
    headers: () =>
      sent
        .filter(({ requestId }) => urls.get(requestId)?.endsWith(suffix))
        .map(({ headers }) =>
          Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
        ),
  };
}
