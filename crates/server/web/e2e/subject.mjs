// A consolidated subject in headless Chromium: screen Zhu Hailun, open the
// subject the EU and UK records make (the server first answers 503, as
// while it consolidates, and the page asks again), check its listings and
// the link's reasons, refuse a split without a reason, split the two
// records with one, and see them come back as two subjects. Screenshots go
// to OUT as PNG.
//
// Run by crates/cli/tests/web.rs, which starts `interdict serve` on the
// bundled EU and UK lists, consolidating, with a store, and sets BASE, KEY,
// OUT and CHROMIUM (see harness.mjs). Any failed expectation throws: the
// process exits non-zero and says which.

import { join } from "node:path";

import { desktopPage, expect, launch, settings, showFailure } from "./harness.mjs";

const { BASE, KEY, OUT } = settings();

const COMMENT = "Two people: the UK entry is a namesake (browser test).";

const browser = await launch();
const failures = [];
let page;
try {
  // The 503 is this script's, the 400 the refused split's.
  page = await desktopPage(browser, failures, ["status of 503", "status of 400"]);
  await page.goto(`${BASE}/`);
  await page.evaluate((key) => sessionStorage.setItem("interdict-api-key", key), KEY);
  await page.reload();

  // Screen until the results carry their subject: the server consolidates
  // in the background after loading the lists.
  const started = Date.now();
  await page.getByLabel("Name, in any script").fill("Zhu Hailun");
  const eu = page.locator('.hit[data-entity^="eu_fsf:"]').first();
  const card = page.locator("article.subject").filter({ has: eu });
  for (let attempt = 0; ; attempt++) {
    await page.evaluate(() => document.getElementById("results").replaceChildren());
    await page.getByRole("button", { name: "Screen", exact: true }).click();
    await page.locator("#results h2").waitFor();
    if ((await card.locator(".subject-toggle").count()) === 1) break;
    if (attempt >= 600) throw new Error("the results never carried a subject");
    await page.waitForTimeout(500);
  }
  console.log(`# the results carried their subject ${Date.now() - started} ms after the first screening`);
  const euId = await eu.getAttribute("data-entity");
  const uk = card.locator('.hit[data-entity^="gb_ofsi:"]');
  expect((await uk.count()) === 1, "the EU and UK records of Zhu Hailun are in one card");
  const ukId = await uk.getAttribute("data-entity");
  const count = await card.locator(".subject-count").textContent();
  expect(count === "One subject: 2 records on 2 authorities", `the card counts the subject's records (${count})`);

  // The first answer is a 503, as while the server consolidates: the panel
  // says so and asks again.
  let refused = 0;
  await page.route("**/subjects/*", (route) => {
    if (route.request().method() === "GET" && refused === 0) {
      refused += 1;
      return route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({ status: 503, detail: "the lists are being consolidated into subjects; ask again in a few seconds" }),
      });
    }
    return route.continue();
  });
  const toggle = card.getByRole("button", { name: "Show the subject" });
  expect((await toggle.getAttribute("aria-expanded")) === "false", "the subject's button says it is closed");
  await toggle.focus();
  await page.keyboard.press("Enter");
  const panel = card.locator(".subject-panel");
  const waiting = panel.locator('[data-waiting="consolidating"]');
  await waiting.waitFor();
  expect((await waiting.textContent()).includes("still consolidating"), "a 503 is shown as the server still consolidating");
  const summary = panel.locator(".subject-summary");
  await summary.waitFor();
  await page.unroute("**/subjects/*");
  expect(refused === 1, "the panel asked again after the 503");
  expect((await card.getByRole("button", { name: "Hide the subject" }).getAttribute("aria-expanded")) === "true", "the button says the panel is open");

  const said = await summary.textContent();
  expect(/^sanctioned by (EU, UK|UK, EU) since 2021-03-2\d$/.test(said), `the subject is sanctioned by the EU and the UK since March 2021 (${said})`);
  const rows = await panel.locator("table.subject-listings tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.dataset.entity, ...[...tr.cells].map((td) => td.textContent)]));
  for (const id of [euId, ukId]) {
    const row = rows.find((r) => r[0] === id);
    expect(row !== undefined, `the panel lists ${id}'s listing`);
    const [, , list, programme, listed] = row;
    expect(list.includes(id.split(":")[0]) && programme !== "—" && /^\d{4}-\d{2}-\d{2}$/.test(listed), `${id}: list ${list}, programme ${programme}, listed on ${listed}`);
  }
  const link = panel.locator("li.link").filter({ has: page.locator(`a[href="#/entity/${encodeURIComponent(ukId)}"]`) });
  expect((await link.count()) === 1, "the link between the two records is shown");
  const reasons = await link.locator(".reasons li").allTextContents();
  expect(reasons.some((r) => r.includes("same name")), `the link gives its reasons (${reasons.join("; ")})`);
  await page.screenshot({ path: join(OUT, "subject.png"), fullPage: true });

  // A split without a reason is refused by the server, which says why.
  const split = link.getByRole("button", { name: /^Split / });
  await split.focus();
  await page.keyboard.press("Enter");
  const comment = panel.getByLabel("Why they are two subjects (required; recorded in the audit log)");
  expect(await comment.evaluate((element) => element === document.activeElement), "the comment field has the focus");
  await page.keyboard.type("   ");
  await panel.getByRole("button", { name: "Record the split" }).click();
  const refusal = panel.locator(".split-note .error");
  await refusal.waitFor();
  expect((await refusal.textContent()).includes("comment"), `the server's refusal is shown (${await refusal.textContent()})`);

  // With a reason: recorded, applied, and the results show two subjects.
  await comment.fill(COMMENT);
  await panel.getByRole("button", { name: "Record the split" }).click();
  const notice = page.locator("#subject-notice");
  await notice.waitFor({ timeout: 120000 });
  const noticed = await notice.textContent();
  expect(noticed.includes("now two subjects") && /audit row \d+/.test(noticed) && noticed.includes(COMMENT) && noticed.includes("by analyst"), `the split is recorded and applied (${noticed})`);
  expect(!(await page.locator("#results").innerText()).includes("null"), "nothing missing is shown as null");
  const euCard = page.locator("article.subject").filter({ has: page.locator(`.hit[data-entity="${euId}"]`) });
  expect((await euCard.locator(`.hit[data-entity="${ukId}"]`).count()) === 0, "the EU and UK records are in two cards now");
  expect((await page.locator(`.hit[data-entity="${ukId}"]`).count()) === 1, "the UK record is still a result");
  const after = await euCard.locator(".subject-count").textContent();
  expect(after === "One subject: 1 record on 1 authority", `the EU record's subject is itself alone (${after})`);
  const reopened = euCard.locator(".subject-panel table.subject-listings tbody tr");
  await reopened.first().waitFor();
  const members = await reopened.evaluateAll((trs) => trs.map((tr) => tr.dataset.entity));
  expect(members.includes(euId) && !members.includes(ukId), `the reopened subject has the EU record only (${members.join(" ")})`);
  await page.screenshot({ path: join(OUT, "subject-split.png"), fullPage: true });

  expect(failures.length === 0, `no errors in the page (${failures.join("; ")})`);
} catch (error) {
  await showFailure(page, failures, join(OUT, "failure-subject.png"));
  throw error;
} finally {
  await browser.close();
}
