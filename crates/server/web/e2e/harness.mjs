// What the browser tests share: their settings, expectations that say what
// they checked, the browser, and what the page showed when one failed.
//
// crates/cli/tests/web.rs sets
//   BASE      the server's URL (http://127.0.0.1:PORT)
//   KEY       an API key it accepts
//   OUT       the folder for screenshots
//   CHROMIUM  the browser (default /usr/bin/chromium)

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

// BASE, KEY and OUT from the environment; OUT is made if missing.
export function settings() {
  const { BASE, KEY, OUT } = process.env;
  if (!BASE || !KEY || !OUT) throw new Error("set BASE, KEY and OUT");
  mkdirSync(OUT, { recursive: true });
  return { BASE, KEY, OUT };
}

// Throws unless `condition` holds; says what was checked when it does.
export function expect(condition, message) {
  if (!condition) throw new Error(`expected: ${message}`);
  console.log(`ok - ${message}`);
}

// Headless Chromium, with nothing of its own going to the network.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// Saves a screenshot of `page` at `path` and prints what it showed and
// the page's errors, for a test that failed.
export async function showFailure(page, failures, path) {
  if (page) {
    await page.screenshot({ path, fullPage: true }).catch(() => {});
    console.log(`# the page showed:\n${await page.locator("main").innerText().catch(() => "?")}`);
  }
  console.log(`# page errors: ${failures.join("; ") || "none"}`);
}

// A desktop-sized page in `browser` whose errors, and console errors other
// than those with a text in `expectedErrors` (`"status of 401"`), are
// added to `failures`.
export async function desktopPage(browser, failures, expectedErrors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    const expected = expectedErrors.some((text) => message.text().includes(text));
    if (message.type() === "error" && !expected) failures.push(`console error: ${message.text()}`);
  });
  return page;
}
