import { chromium, type Browser } from "playwright-core";

/** Debian's chromium package; never a browser build downloaded by a test tool. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * One headless Chromium. playwright-core gives each launch a fresh temporary profile (its own user data dir,
 * removed on close), and the flags keep it off the network: no updates, no background requests.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
    timeout: 30_000,
  });
}
