import type { Browser, BrowserContext, Page, Response } from "playwright-core";

/** Generous but bounded: a busy 2-core machine running four test files at once. */
const STEP_TIMEOUT_MS = 15_000;

export interface WebPage {
  context: BrowserContext;
  page: Page;
  /** Every /graphql answer's body and Set-Cookie values so far (awaits the ones still being read). */
  answers(): Promise<Array<{ status: number; body: string; setCookieValues: string[] }>>;
  /** Every warning and error the page wrote to its console (Apollo's cache warnings, failed loads…), in order. */
  consoleProblems: string[];
}

/** A fresh context (no cookies) and page, recording every answer from /graphql for later assertions. */
export async function openWebPage(browser: Browser): Promise<WebPage> {
  const context = await browser.newContext();
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const pending: Array<Promise<{ status: number; body: string; setCookieValues: string[] }>> = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname === "/graphql") pending.push(readAnswer(response));
  });
  const consoleProblems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "warning" || message.type() === "error")
      consoleProblems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => consoleProblems.push(`uncaught: ${error.message}`));
  return { context, page, answers: () => Promise.all(pending), consoleProblems };
}

async function readAnswer(response: Response) {
  const headers = await response.headersArray();
  const setCookieValues = headers
    .filter(({ name }) => name.toLowerCase() === "set-cookie")
    .flatMap(({ value }) => value.split("\n"))
    .map((line) => line.split(";")[0].split("=").slice(1).join("="))
    .filter((value) => value !== "");
  return { status: response.status(), body: await response.text().catch(() => ""), setCookieValues };
}

/** The session-related cookies the browser holds, by name (HttpOnly ones included: the test sees them all). */
export async function stytchCookies(context: BrowserContext) {
  const cookies = await context.cookies();
  return new Map(
    cookies.filter(({ name }) => name.includes("stytch_")).map((cookie) => [cookie.name, cookie]),
  );
}
