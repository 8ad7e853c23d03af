// The analyst page driven in headless Chromium as an analyst uses it:
// screen a name, open the entity, watch the customer, decide the alert,
// see the decision among the alerts, look at the lists and a diff; on a
// desktop and on a phone-sized screen. Screenshots go to OUT as PNG.
//
// Run by crates/cli/tests/web.rs, which starts `interdict serve` and sets
// BASE, KEY, OUT and CHROMIUM (see harness.mjs).
// Any failed expectation throws: the process exits non-zero and says which.

import { join } from "node:path";

import { desktopPage, expect, launch, settings, showFailure } from "./harness.mjs";

const { BASE, KEY, OUT } = settings();

const browser = await launch();
const failures = [];
let page;
try {
  // The first request's 401, before the key is given, is expected.
  page = await desktopPage(browser, failures, ["status of 401"]);

  // The page, then its timings (reported, not asserted: targets are
  // measured by benchmarks).
  await page.goto(`${BASE}/`);
  await page.waitForSelector("#screen-form");
  const timing = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType("navigation");
    return { domContentLoaded: Math.round(navigation.domContentLoadedEventEnd), load: Math.round(navigation.loadEventEnd) };
  });
  console.log(`# page: DOMContentLoaded ${timing.domContentLoaded} ms, load ${timing.load} ms`);

  // Screen by typing and pressing Enter; the key is asked for once.
  await page.getByLabel("Name, in any script").fill("Zhu Hailun");
  await page.getByLabel("Date of birth").fill("1958");
  const started = Date.now();
  await page.getByLabel("Name, in any script").press("Enter");
  const dialog = page.locator("#key-dialog");
  await dialog.waitFor({ state: "visible" });
  expect(await dialog.isVisible(), "the key is asked for on the first request");
  await page.locator("#key-input").fill(KEY);
  await page.locator("#key-input").press("Enter");
  const hit = page.locator('.hit[data-entity="us_ofac_sdn:29219"]');
  await hit.waitFor();
  console.log(`# first results shown ${Date.now() - started} ms after Enter (including the key dialog)`);
  const subject = page.locator("article.subject").filter({ has: hit });
  const badges = await subject.locator(".subject-head .badge").allTextContents();
  for (const code of ["US", "EU", "UK", "CA"]) {
    expect(badges.includes(code), `one subject is listed by ${code} (${badges.join(" ")})`);
  }
  expect((await subject.locator(".hit").count()) >= 4, "its records on four lists are shown together");
  expect((await hit.locator(".score").textContent()).startsWith("1.00"), "Zhu Hailun scores 1.00");
  expect((await hit.locator(".feature").count()) >= 2, "the hit shows a bar per feature (name, date of birth)");
  expect((await hit.textContent()).includes("Listed as"), "the hit shows the listed name beside the query");
  await page.screenshot({ path: join(OUT, "screen.png"), fullPage: true });

  // The same in Chinese script.
  await page.getByLabel("Name, in any script").fill("朱海仑");
  await page.getByLabel("Date of birth").fill("");
  await page.getByRole("button", { name: "Screen", exact: true }).click();
  await page.waitForFunction(() => document.querySelector("#results h2")?.textContent.includes("朱海仑"));
  expect((await page.locator('.hit[data-entity="us_ofac_sdn:29219"]').count()) === 1, "朱海仑 finds the same OFAC record");

  // The entity: names by script, facts, and every listing on a timeline.
  await page.locator('.hit[data-entity="us_ofac_sdn:29219"] .hit-head a').click();
  await page.waitForSelector("#timeline li");
  const timeline = await page.locator("#timeline li").allTextContents();
  const years2021 = timeline.filter((item) => item.startsWith("2021-03"));
  expect(years2021.length >= 3, `at least three listings in March 2021 on the timeline (${timeline.length} listings)`);
  for (const authority of ["European Union", "Canada", "UK"]) {
    expect(timeline.some((item) => item.includes(authority)), `the timeline holds a listing by ${authority}`);
  }
  expect((await page.locator(".script-group h3").allTextContents()).includes("Latin"), "names are grouped by script");
  await page.screenshot({ path: join(OUT, "entity.png"), fullPage: true });

  // Back to the results; watch the customer, which raises alerts.
  await page.goBack();
  await page.waitForSelector("#watch-form");
  await page.getByLabel("Customer key").fill("cust-zhu");
  await page.getByRole("button", { name: "Watch" }).click();
  await page.waitForFunction(() => document.querySelector("#watch-form")?.textContent.includes("new alert"));
  const watched = await page.locator("#watch-form").textContent();
  expect(/cust-zhu: added; [1-9]\d* new alert/.test(watched), `watching raises alerts (${watched.trim()})`);

  // The alerts: decide the first one, with a comment.
  await page.getByRole("link", { name: "Open the alerts" }).click();
  const alert = page.locator("article[data-alert]").first();
  await alert.waitFor();
  const alertId = await alert.getAttribute("data-alert");
  await alert.getByLabel("True match").check();
  await alert.getByLabel("Why (recorded in the audit log)").fill("Same name and year of birth; XPCC party secretary.");
  await page.screenshot({ path: join(OUT, "alerts.png"), fullPage: true });
  await alert.getByRole("button", { name: "Record decision" }).click();
  const notice = alert.locator(".notice");
  await notice.waitFor();
  expect(/Recorded as true match by .*audit row \d+/.test(await notice.textContent()), "the decision is recorded with its audit row");

  // It is among the true matches, and no longer open.
  await page.locator("#alert-status").selectOption("true_match");
  // Waiting fails the run if it never shows.
  const decidedStatus = page.locator(`article[data-alert="${alertId}"] .alert-head .status.true_match`);
  await decidedStatus.waitFor();
  expect((await decidedStatus.textContent()) === "true match", `alert ${alertId} is listed among the true matches`);
  const decided = await page.locator(`article[data-alert="${alertId}"] .decided`).textContent();
  expect(decided.includes("by analyst") && decided.includes("XPCC party secretary"), `the decision shows who decided and why (${decided})`);
  await page.screenshot({ path: join(OUT, "alerts-decided.png"), fullPage: true });
  await page.locator("#alert-status").selectOption("open");
  await page.waitForFunction(() => !document.querySelector("main p.muted")?.textContent.includes("Loading"));
  expect((await page.locator(`article[data-alert="${alertId}"]`).count()) === 0, "the decided alert is no longer open");

  // The lists, and the changes between two UN versions.
  await page.getByRole("link", { name: "Lists" }).click();
  await page.waitForSelector("#lists-table tbody tr");
  const rows = await page.locator("#lists-table tbody tr").count();
  expect(rows >= 11, `the lists page shows every list (${rows})`);
  await page.screenshot({ path: join(OUT, "lists.png"), fullPage: true });
  await page.locator('#lists-table a[href="#/lists/un_sc"]').click();
  await page.waitForSelector("#diff");
  const counts = await page.locator("#diff .counts").textContent();
  expect(counts.includes("137 added") && counts.includes("9 removed") && counts.includes("108 changed"), `the UN diff counts (${counts})`);
  await page.screenshot({ path: join(OUT, "list-diff.png"), fullPage: true });

  // A phone-sized screen: the results fit the width.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  await small.goto(`${BASE}/`);
  await small.evaluate((key) => sessionStorage.setItem("interdict-api-key", key), KEY);
  await small.getByLabel("Name, in any script").fill("Сергей Лавров");
  await small.getByRole("button", { name: "Screen", exact: true }).click();
  await small.waitForSelector(".hit");
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 0, `nothing is wider than a phone's screen (overflow ${overflow}px)`);
  await small.screenshot({ path: join(OUT, "screen-phone.png"), fullPage: true });
  await phone.close();

  expect(failures.length === 0, `no errors in the page (${failures.join("; ")})`);
} catch (error) {
  // What the page showed when it went wrong.
  await showFailure(page, failures, join(OUT, "failure.png"));
  throw error;
} finally {
  await browser.close();
}
