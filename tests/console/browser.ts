import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { expect } from "vitest";
import { launchChromium as launchDebianChromium } from "../support/chromium.js";

/** Where screenshots go (gitignored), one per page and width. */
export const ARTIFACTS = fileURLToPath(new URL("../.artifacts/console/", import.meta.url));

/** Debian's Chromium, headless, with the artifacts folder ready. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return launchDebianChromium();
}

/** A page that records console errors, uncaught exceptions and failed requests (CSP violations are console errors; requests the browser itself cancelled are not failures). */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

/** Opens a fresh browser context (own cookies) with one watched page at desktop width. */
export async function openPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "unknown";
    // The browser cancelled it (the page navigated away while a lazy image was loading): not an
    // answer from the server. Refused connections, resets, CSP blocks and the like still count.
    if (reason === "net::ERR_ABORTED") return;
    errors.push(`requestfailed (${reason}): ${request.url()}`);
  });
  return { page, context, errors };
}

/** Asserts what every console page must have: a CSP that allows no script, and nothing in the console. */
export function expectCleanPage(watched: WatchedPage, response: Response | null): void {
  expect(response, "navigation response").not.toBeNull();
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(watched.errors).toEqual([]);
}

/** Screenshots the current page at 1280 and 390 px wide; at 390 px nothing may overflow sideways. */
export async function screenshots(watched: WatchedPage, name: string): Promise<void> {
  const { page } = watched;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${ARTIFACTS}${name}-${width}.png`, fullPage: true });
    // A string expression: the tests compile without the DOM lib.
    const overflow = Number(await page.evaluate("document.documentElement.scrollWidth"));
    expect(overflow, `${name} at ${width}px must not scroll sideways`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(watched.errors).toEqual([]);
}
