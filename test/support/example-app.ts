import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { startStack, type Stack, type StackOptions } from "./start-stack";
import { startWebDevServer, type WebDevServer } from "./web-dev-server";

/** The BFF (with its emulator), the example app's dev server in front of it, and one Chromium. */
export interface ExampleApp {
  stack: Stack;
  web: WebDevServer;
  browser: Browser;
}

/**
 * Starts them for the test file that calls it (fields set once `beforeAll` has run) and stops them after it;
 * each test starts from a fresh emulator and throttles. `returnToApp`: sign-in links and SSO return to the dev
 * server, as `npm start` on its embedded emulator and `npm run web` do.
 */
export function exampleAppInChromium(options: StackOptions, returnToApp = false): ExampleApp {
  const running = {} as ExampleApp;
  beforeAll(async () => {
    const redirect = returnToApp ? { redirectPage: () => running.web.url } : {};
    running.stack = await startStack({ ...options, ...redirect });
    [running.web, running.browser] = await Promise.all([
      startWebDevServer(running.stack.url),
      launchChromium(),
    ]);
  }, 60_000);
  afterAll(async () => {
    await running.browser?.close();
    await running.web?.stop();
    await running.stack?.stop();
  });
  beforeEach(() => running.stack.reset());
  return running;
}
