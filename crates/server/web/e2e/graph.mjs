// The "Who sanctioned whom" view driven in headless Chromium: the picture
// of authorities and their targets with China's counter-sanctions, the
// counter-sanctions timeline, and a subject's listings on a timeline.
// Screenshots go to OUT as PNG.
//
// Run by crates/cli/tests/web.rs, which starts `interdict serve` on the
// bundled lists and sets BASE, KEY, OUT and CHROMIUM (see harness.mjs).
// Any failed expectation throws: the process exits non-zero and says which.

import { join } from "node:path";

import { desktopPage, expect, launch, settings } from "./harness.mjs";

const { BASE, KEY, OUT } = settings();

const browser = await launch();
const failures = [];
try {
  const page = await desktopPage(browser, failures, ["status of 401"]);
  // The key is kept in the tab's session storage, as the page keeps it.
  await page.goto(`${BASE}/`);
  await page.evaluate((key) => sessionStorage.setItem("interdict-api-key", key), KEY);

  await page.getByRole("link", { name: "Who sanctioned whom" }).click();
  await page.locator("#graph-picture").waitFor();
  const nodes = await page.locator("#graph-picture g.node").evaluateAll((gs) => gs.map((g) => g.dataset.authority));
  for (const id of ["eu", "gb_ofsi", "ca_gac", "us_ofac", "cn_mfa", "un_sc"]) {
    expect(nodes.includes(id), `the picture has the authority ${id} (${nodes.join(" ")})`);
  }
  const counter = await page
    .locator("#graph-picture path.edge.counter")
    .evaluateAll((paths) => paths.map((p) => `${p.dataset.by}>${p.dataset.against}`));
  for (const against of ["eu", "gb_ofsi", "ca_gac"]) {
    expect(counter.includes(`cn_mfa>${against}`), `a counter-sanctions edge from cn_mfa to ${against} (${counter.join(" ")})`);
  }
  const euToCn = page.locator('#graph-picture path.edge[data-authority="eu"][data-target="CN"]');
  expect((await euToCn.count()) === 1, "an edge from the EU to its targets of CN");
  const colours = await page.locator("#graph-picture path.edge").evaluateAll((paths) => new Set(paths.map((p) => p.getAttribute("stroke"))).size);
  expect(colours >= 2, "counter-sanctions edges are drawn in their own colour");
  await page.locator("#counter-timeline").waitFor();
  const days = await page.locator("#counter-timeline circle.event").count();
  expect(days >= 10, `the counter-sanctions timeline has a dot per day (${days})`);
  await page.screenshot({ path: join(OUT, "graph.png"), fullPage: true });

  // A subject: Zhu Hailun, listed by four authorities, one without a date.
  await page.getByLabel("Which authorities list…").fill("Zhu Hailun");
  await page.getByRole("button", { name: "Look up" }).click();
  await page.locator("#who-timeline").waitFor();
  const rows = await page.locator("#who-timeline g.row").evaluateAll((gs) => gs.map((g) => g.dataset.row));
  for (const id of ["eu", "gb_ofsi", "ca_gac", "us_ofac", "cn_mfa→eu"]) {
    expect(rows.includes(id), `the subject's timeline has a row for ${id} (${rows.join(" ")})`);
  }
  expect((await page.locator("#who-timeline circle.undated").count()) === 1, "OFAC's listing is shown as date unknown");
  const text = await page.locator("#who-result").textContent();
  expect(text.includes("Adrian Zenz"), "the counter-sanctions that answered the listings are named");
  await page.locator("#who-result").screenshot({ path: join(OUT, "graph-who.png") });
} finally {
  await browser.close();
}
if (failures.length) throw new Error(failures.join("\n"));
