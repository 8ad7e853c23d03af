// interdict's analyst page: screening, entities, lists and alerts over the
// server's JSON API. No build step and no dependencies: every element is
// made with `h`, which sets text (never HTML), so list data cannot inject
// markup.

import { graphPage } from "./graph.js";

const main = document.getElementById("main");
const KEY_STORAGE = "interdict-api-key";
const FORM_STORAGE = "interdict-screen";

// ---------------------------------------------------------------- helpers

/** An element with attributes (`on*` are listeners) and children. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    // Through the CSSOM: the page's content security policy refuses style
    // attributes.
    else if (name === "style") element.style.cssText = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces the page's content; children may be arrays, or null to skip. */
export function show(...children) {
  main.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

export function errorBox(error) {
  return h("p", { class: "error", role: "alert" }, error.message || String(error));
}

function percent(score) {
  return `${Math.round(score * 100)}`;
}

function formatScore(score) {
  return score.toFixed(2);
}

// ------------------------------------------------------------------- API

let keyPrompt = null;

/** Asks for the API key once, however many requests are waiting for it. */
function askForKey() {
  if (keyPrompt) return keyPrompt;
  const dialog = document.getElementById("key-dialog");
  const input = document.getElementById("key-input");
  keyPrompt = new Promise((resolve) => {
    dialog.addEventListener(
      "close",
      () => {
        keyPrompt = null;
        const key = input.value.trim();
        if (key) sessionStorage.setItem(KEY_STORAGE, key);
        resolve(Boolean(key));
      },
      { once: true },
    );
    input.value = "";
    dialog.showModal();
    input.focus();
  });
  return keyPrompt;
}

/** An error the API answered, with its HTTP status. */
class ApiFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the API; asks for a key on 401 and tries again; throws the
 *  server's `detail` (an `ApiFailure` with the status) on any other error. */
export async function api(path, { method = "GET", body } = {}) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const headers = { Accept: "application/json" };
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) headers["X-API-Key"] = key;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      if (!(await askForKey())) throw new Error("An API key is needed to use this server.");
      continue;
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiFailure(response.status, `${method} ${path}: HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      throw new ApiFailure(response.status, data && data.detail ? data.detail : `${method} ${path}: HTTP ${response.status}`);
    }
    return data;
  }
  throw new Error("The API key was refused.");
}

let listsPromise = null;

/** `GET /lists`, fetched once per page load. */
function loadLists() {
  if (!listsPromise) {
    listsPromise = api("/lists").catch((error) => {
      listsPromise = null;
      throw error;
    });
  }
  return listsPromise;
}

/** The short code shown on an authority's badge: `us_ofac` -> US. */
function authorityCode(id) {
  const country = (id || "").split("_")[0].toUpperCase();
  return country === "GB" ? "UK" : country || "?";
}

/** Badges for the authorities whose lists name an entity. */
async function authorityBadges(datasets) {
  let lists = [];
  try {
    lists = (await loadLists()).lists;
  } catch {
    // Badges fall back to the source ids.
  }
  const seen = new Map();
  for (const dataset of datasets) {
    const list = lists.find((l) => l.id === dataset);
    const code = list ? authorityCode(list.authority) : dataset;
    const title = list ? `${list.authority_name}: ${list.title}` : dataset;
    if (!seen.has(code)) seen.set(code, title);
    else seen.set(code, `${seen.get(code)}; ${title}`);
  }
  return h(
    "div",
    { class: "badges", "aria-label": "Listed by" },
    [...seen].map(([code, title]) => h("span", { class: "badge", title }, code)),
  );
}

// ---------------------------------------------------------------- scripts

const SCRIPTS = [
  ["Han", /\p{Script=Han}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Hangul", /\p{Script=Hangul}/u],
  ["Japanese kana", /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Georgian", /\p{Script=Georgian}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Thai", /\p{Script=Thai}/u],
  ["Devanagari", /\p{Script=Devanagari}/u],
  ["Latin", /\p{Script=Latin}/u],
];

/** The script most of a name's letters are in. */
function scriptOf(text) {
  let best = "Other";
  let bestCount = 0;
  for (const [name, pattern] of SCRIPTS) {
    const count = [...text].filter((c) => pattern.test(c)).length;
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

// ----------------------------------------------------------------- screen

function savedForm() {
  try {
    return JSON.parse(sessionStorage.getItem(FORM_STORAGE)) || {};
  } catch {
    return {};
  }
}

function field(label, name, attrs = {}) {
  const id = `f-${name}`;
  return h("div", { class: attrs.class }, h("label", { for: id }, label), h("input", { id, name, ...attrs, class: undefined }));
}

async function screenPage() {
  const saved = savedForm();
  const results = h("section", { "aria-live": "polite", id: "results" });
  const form = h(
    "form",
    { class: "card", id: "screen-form", role: "search" },
    h(
      "div",
      { class: "form-grid" },
      field("Name, in any script", "name", { class: "name-field", required: true, autocomplete: "off", value: saved.name || "", placeholder: "Zhu Hailun, 朱海仑, Сергей Лавров" }),
      field("Date of birth", "dob", { value: saved.dob || "", placeholder: "1958-01" }),
      field("Country", "country", { value: saved.country || "", placeholder: "cn" }),
      field("ID number", "id", { value: saved.id || "", autocomplete: "off" }),
      h(
        "div",
        {},
        h("label", { for: "f-schema" }, "Type"),
        h(
          "select",
          { id: "f-schema", name: "schema" },
          [["Person", "Person"], ["Organization", "Organisation"], ["LegalEntity", "Any"], ["Vessel", "Vessel"], ["Airplane", "Aircraft"]].map(([value, label]) =>
            h("option", { value, selected: (saved.schema || "Person") === value }, label),
          ),
        ),
      ),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Screen"), h("span", { class: "muted", id: "screen-status" })),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    sessionStorage.setItem(FORM_STORAGE, JSON.stringify(values));
    runScreening(values, results);
  });
  show(h("h1", {}, "Screen a name"), form, results);
  if (saved.name) runScreening(saved, results);
  else form.querySelector("input").focus();
}

function queryEntity(values) {
  const properties = { name: [values.name.trim()] };
  if (values.dob && values.dob.trim()) properties.birthDate = [values.dob.trim()];
  if (values.country && values.country.trim()) {
    properties[values.schema === "Person" ? "nationality" : "country"] = [values.country.trim()];
  }
  if (values.id && values.id.trim()) properties.idNumber = [values.id.trim()];
  return { schema: values.schema || "Person", properties };
}

/** Screens `values` and shows the results in `results`; `after` may hold
 *  a `notice` to show above them and a record id to `open` the subject
 *  panel of (after a split). */
async function runScreening(values, results, after = {}) {
  const status = document.getElementById("screen-status");
  if (!values.name || !values.name.trim()) return;
  status.textContent = "Screening…";
  const started = performance.now();
  try {
    const query = queryEntity(values);
    const answer = await api("/match/default?limit=10&cutoff=0.5", { method: "POST", body: { queries: { q: query } } });
    const response = answer.responses.q;
    const elapsed = Math.round(performance.now() - started);
    status.textContent = `${response.total.value} result(s) in ${elapsed} ms; recorded in the audit log when the server keeps one.`;
    // One card per subject: the records that look like one person or
    // organisation on several lists, as the server numbers them.
    const subjects = new Map();
    for (const result of response.results) {
      if (!subjects.has(result.subject)) subjects.set(result.subject, []);
      subjects.get(result.subject).push(result);
    }
    const rescreen = (next) => runScreening(values, results, next);
    const cards = await Promise.all([...subjects.values()].map((records) => subjectCard(records, values.name, rescreen)));
    results.replaceChildren(
      h("h2", {}, response.results.length ? `Results for “${values.name}”` : `No listed entity scores 0.50 or more for “${values.name}”`),
      ...(after.notice ? [h("p", { class: "notice", role: "status", id: "subject-notice" }, after.notice)] : []),
      ...cards,
      watchForm(values, query),
    );
    if (after.open) {
      const card = [...results.querySelectorAll("article.subject")].find((c) => c.querySelector(`.hit[data-entity="${CSS.escape(after.open)}"]`));
      const toggle = card && card.querySelector(".subject-toggle");
      if (toggle) toggle.click();
    }
  } catch (error) {
    status.textContent = "";
    results.replaceChildren(errorBox(error));
  }
}

const FEATURE_LABELS = {
  name: "Name",
  birth_date: "Date of birth",
  country: "Nationality",
  identifier: "ID number",
  characters: "Characters",
  weak_alias: "Weak alias",
};

function featureBars(result) {
  const explanation = result.explanation;
  const rows = [
    h(
      "div",
      { class: "feature" },
      h("span", {}, "Name"),
      h("span", { class: "track", role: "img", "aria-label": `name score ${formatScore(explanation.name.score)}` }, h("span", { class: "bar name", style: `width:${percent(explanation.name.score)}%` })),
      h("span", { class: "value" }, formatScore(explanation.name.score)),
    ),
  ];
  for (const feature of explanation.features) {
    const width = Math.min(50, Math.abs(feature.effect) * 100);
    const direction = feature.effect >= 0 ? "up" : "down";
    const sign = feature.effect >= 0 ? "+" : "−";
    rows.push(
      h(
        "div",
        { class: "feature" },
        h("span", {}, FEATURE_LABELS[feature.feature] || feature.feature),
        h("span", { class: "track signed", role: "img", "aria-label": `${feature.feature} ${sign}${Math.abs(feature.effect).toFixed(2)}` }, h("span", { class: `bar ${direction}`, style: `width:${width}%` })),
        h("span", { class: "value" }, `${sign}${Math.abs(feature.effect).toFixed(2)}`),
        h("span", { class: "detail" }, feature.detail),
      ),
    );
  }
  return h("div", { class: "features" }, rows);
}

/** A subject: its records on each list, best first; when the server
 *  consolidates, how many records and authorities its subject has and a
 *  button that opens it. `rescreen` screens again (after a split). */
async function subjectCard(records, typed, rescreen) {
  const best = records[0];
  const badges = await authorityBadges([...new Set(records.flatMap((r) => r.datasets))]);
  const lists = records.length > 1 ? `on ${records.length} lists` : "on 1 list";
  return h(
    "article",
    { class: "card subject", "data-subject": best.subject_id || undefined },
    h(
      "div",
      { class: "subject-head" },
      h("div", {}, h("h3", {}, best.caption), h("div", { class: "badges" }, h("span", { class: "badge kind" }, best.schema), [...badges.childNodes], h("span", { class: "muted" }, lists))),
      h("div", { class: `score${best.match ? " match" : ""}` }, formatScore(best.score), h("small", {}, best.match ? "match" : "below threshold")),
    ),
    best.subject_id ? await consolidatedSubject(best, rescreen) : null,
    await Promise.all(records.map((record) => recordRow(record, typed))),
  );
}

// --------------------------------------------------------------- subjects

/** How often, and how long apart, a subject is asked for again while the
 *  server answers 503 (still consolidating). */
const SUBJECT_ATTEMPTS = 6;
const SUBJECT_RETRY_MS = 2000;
/** How long the page waits for the server to consolidate again after a
 *  decision before it screens again anyway. */
const RECONSOLIDATION_ATTEMPTS = 60;
const RECONSOLIDATION_POLL_MS = 1000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let elementsMade = 0;

/** An element id no other element of the page has. */
function uniqueId(prefix) {
  elementsMade += 1;
  return `${prefix}-${elementsMade}`;
}

/** "One subject: 2 records on 2 authorities" for a result's consolidated
 *  subject, and the button that opens its panel below. */
async function consolidatedSubject(result, rescreen) {
  const records = [result.id, ...(result.referents || [])];
  let lists = [];
  try {
    lists = (await loadLists()).lists;
  } catch {
    // Counted by source id instead.
  }
  const authorities = new Set(
    records.map((id) => {
      const source = id.split(":")[0];
      const list = lists.find((l) => l.id === source);
      return list ? list.authority : source;
    }),
  );
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const panel = h("section", { class: "subject-panel", id: uniqueId("subject-panel"), hidden: true, "aria-label": `Subject of ${result.caption}` });
  const toggle = h("button", { type: "button", class: "quiet subject-toggle", "aria-expanded": "false", "aria-controls": panel.id }, "Show the subject");
  toggle.addEventListener("click", () => {
    const opening = panel.hidden;
    panel.hidden = !opening;
    toggle.setAttribute("aria-expanded", String(opening));
    toggle.textContent = opening ? "Hide the subject" : "Show the subject";
    if (opening) loadSubjectPanel(panel, result.subject_id, rescreen);
  });
  return h(
    "div",
    { class: "subject-line" },
    h("div", { class: "actions" }, h("span", { class: "subject-count" }, `One subject: ${count(records.length, "record", "records")} on ${count(authorities.size, "authority", "authorities")}`), toggle),
    panel,
  );
}

/** `GET /subjects/{id}`, asked again while the server is still
 *  consolidating (503); `waiting(attempt)` is told before each wait. */
async function fetchSubject(id, waiting) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api(`/subjects/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error.status !== 503 || attempt >= SUBJECT_ATTEMPTS) throw error;
      waiting(attempt);
      await sleep(SUBJECT_RETRY_MS);
    }
  }
}

/** Fills `panel` with the subject of record `id`, saying so while the
 *  server consolidates and showing its error if it fails. */
async function loadSubjectPanel(panel, id, rescreen) {
  panel.replaceChildren(h("p", { class: "muted", role: "status" }, "Loading the subject…"));
  try {
    const subject = await fetchSubject(id, (attempt) => {
      panel.replaceChildren(
        h(
          "p",
          { class: "muted", role: "status", "data-waiting": "consolidating" },
          `The server is still consolidating the lists into subjects; asking again in ${SUBJECT_RETRY_MS / 1000} s (attempt ${attempt + 1} of ${SUBJECT_ATTEMPTS}).`,
        ),
      );
    });
    panel.replaceChildren(...subjectView(subject, rescreen));
  } catch (error) {
    const retry = h("button", { type: "button", class: "quiet" }, "Try again");
    retry.addEventListener("click", () => loadSubjectPanel(panel, id, rescreen));
    panel.replaceChildren(errorBox(error), h("div", { class: "actions" }, retry));
  }
}

/** A subject's summary, its members' listings and the links that join
 *  them, each link with a button that splits it. */
function subjectView(subject, rescreen) {
  const captions = new Map(subject.listings.map((l) => [l.entity_id, l.caption]));
  const record = (id) => h("span", {}, h("a", { href: `#/entity/${encodeURIComponent(id)}` }, captions.get(id) || id), h("span", { class: "muted" }, ` ${id}`));
  const splitSlot = h("div", { class: "split-slot", id: uniqueId("split") });
  const links = subject.links.map((link) => {
    const split = h("button", { type: "button", class: "quiet split" }, "Split");
    split.setAttribute("aria-label", `Split ${link.a} from ${link.b}`);
    split.addEventListener("click", () => openSplitForm(splitSlot, link, split, rescreen));
    return h(
      "li",
      { class: "link", "data-a": link.a, "data-b": link.b },
      h("div", { class: "link-head" }, record(link.a), h("span", { "aria-hidden": "true" }, " ↔ "), h("span", { class: "sr-only" }, " and "), record(link.b), split),
      h("ul", { class: "reasons" }, link.reasons.map((reason) => h("li", {}, reason))),
    );
  });
  return [
    h("h4", {}, subject.caption),
    h("p", { class: "subject-summary" }, subject.summary),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "subject-listings" },
        h("caption", { class: "muted" }, "Every listing of every record"),
        h("thead", {}, h("tr", {}, h("th", {}, "Record"), h("th", {}, "List"), h("th", {}, "Programme"), h("th", {}, "Listed on"))),
        h(
          "tbody",
          {},
          subject.listings.map((l) =>
            h(
              "tr",
              { "data-entity": l.entity_id },
              h("td", {}, record(l.entity_id)),
              h("td", {}, h("span", { class: "badge" }, l.badge), " ", l.source),
              h("td", {}, (l.programmes || []).join(", ") || "—"),
              h("td", { class: "nowrap" }, l.listed_on || "not given"),
            ),
          ),
        ),
      ),
    ),
    ...(links.length ? [h("h5", {}, "Why they are one subject"), h("ul", { class: "links" }, links)] : [h("p", { class: "muted" }, "One record: nothing joins it to another.")]),
    splitSlot,
  ];
}

/** Shows, in `slot` (one per panel), the form that splits `link`: a
 *  required comment, then `POST /subjects/decisions`; once the server has
 *  consolidated again, screens again with the decision as a notice. */
function openSplitForm(slot, link, opener, rescreen) {
  const comment = h("textarea", { id: `${slot.id}-comment`, name: "comment", required: true });
  const note = h("div", { class: "split-note" });
  const submit = h("button", { type: "submit" }, "Record the split");
  const cancel = h("button", { type: "button", class: "quiet" }, "Cancel");
  const form = h(
    "form",
    { class: "split-form" },
    h("p", {}, "Split ", h("strong", {}, link.a), " from ", h("strong", {}, link.b), ": two subjects, never joined again."),
    h("label", { for: comment.id }, "Why they are two subjects (required; recorded in the audit log)"),
    comment,
    h("div", { class: "actions" }, submit, cancel),
    note,
  );
  cancel.addEventListener("click", () => {
    slot.replaceChildren();
    opener.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    note.replaceChildren(h("p", { class: "muted", role: "status" }, "Recording…"));
    let decided;
    try {
      decided = await api("/subjects/decisions", { method: "POST", body: { decision: "split", a: link.a, b: link.b, comment: comment.value } });
    } catch (error) {
      submit.disabled = false;
      note.replaceChildren(errorBox(error));
      return;
    }
    const recorded = `Split ${decided.a} from ${decided.b}, recorded by ${decided.actor} (audit row ${decided.audit_seq}): “${decided.comment}”`;
    note.replaceChildren(h("p", { class: "notice", role: "status" }, `${recorded}; the server is consolidating again…`));
    let outcome;
    try {
      outcome = (await waitUntilApart(link.a, link.b)) ? "they are now two subjects." : "the server is still consolidating: screen again in a moment to see it applied.";
    } catch (error) {
      outcome = `the subject could not be read again: ${error.message}`;
    }
    await rescreen({ notice: `${recorded}; ${outcome}`, open: link.a });
  });
  slot.replaceChildren(form);
  comment.focus();
}

/** Asks for the subject of `a` until `b` is no longer in it; whether it
 *  came apart in time. */
async function waitUntilApart(a, b) {
  for (let attempt = 0; attempt < RECONSOLIDATION_ATTEMPTS; attempt++) {
    try {
      const subject = await api(`/subjects/${encodeURIComponent(a)}`);
      if (!subject.listings.some((l) => l.entity_id === b)) return true;
    } catch (error) {
      if (error.status !== 503) throw error;
    }
    await sleep(RECONSOLIDATION_POLL_MS);
  }
  return false;
}

/** One listed record of a subject: where it is listed, which name matched
 *  which, and the evidence. */
async function recordRow(result, typed) {
  const name = result.explanation.name;
  const badges = await authorityBadges(result.datasets);
  return h(
    "section",
    { class: "hit", "data-entity": result.id },
    h(
      "div",
      { class: "hit-head" },
      h("a", { href: `#/entity/${encodeURIComponent(result.id)}` }, result.caption),
      [...badges.childNodes],
      h("span", { class: "muted" }, result.id),
      h("span", { class: "score small" }, formatScore(result.score)),
    ),
    h(
      "dl",
      { class: "names" },
      h("dt", {}, "You typed"),
      h("dd", {}, typed, name.query_form && name.query_form !== typed.toLowerCase() ? h("span", { class: "muted" }, ` (read as “${name.query_form}”, ${name.query_romanisation})`) : null),
      h("dt", {}, "Listed as"),
      h("dd", {}, name.listed_name, h("span", { class: "muted" }, ` (${name.listed_kind}${name.listed_form && name.listed_form !== name.listed_name ? `, read as “${name.listed_form}”` : ""})`)),
    ),
    featureBars(result),
  );
}

function watchForm(values, query) {
  const note = h("span", { class: "muted" });
  const key = h("input", { id: "watch-key", name: "key", required: true, placeholder: "customer-0042", autocomplete: "off" });
  const form = h(
    "form",
    { class: "card", id: "watch-form" },
    h("h3", {}, "Watch this customer"),
    h("p", { class: "muted" }, "Re-screened whenever a list changes; new or changed hits become alerts."),
    h("label", { for: "watch-key" }, "Customer key"),
    key,
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Watch"), note),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    note.textContent = "Saving…";
    try {
      const answer = await api("/monitored", { method: "POST", body: { customers: { [key.value.trim()]: query } } });
      const alerts = answer.rescreen.alerts.length;
      note.replaceChildren(
        `${key.value.trim()}: ${answer.customers[key.value.trim()]}; ${alerts} new alert(s). `,
        h("a", { href: "#/alerts" }, "Open the alerts"),
      );
    } catch (error) {
      note.replaceChildren(errorBox(error));
    }
  });
  return form;
}

// ----------------------------------------------------------------- entity

const FACTS = [
  ["schema", "Type"],
  ["birthDate", "Date of birth"],
  ["birthPlace", "Place of birth"],
  ["gender", "Gender"],
  ["nationality", "Nationality"],
  ["citizenship", "Citizenship"],
  ["country", "Country"],
  ["position", "Position"],
  ["title", "Title"],
  ["idNumber", "ID numbers"],
  ["passportNumber", "Passports"],
  ["registrationNumber", "Registration"],
  ["taxNumber", "Tax numbers"],
  ["imoNumber", "IMO"],
  ["incorporationDate", "Incorporated"],
  ["address", "Addresses"],
  ["email", "E-mail"],
  ["phone", "Phone"],
  ["website", "Website"],
];

function listingDate(sanction) {
  const p = sanction.properties || {};
  return (p.listingDate || p.startDate || [])[0] || "";
}

async function entityPage(id) {
  show(h("p", { class: "muted" }, "Loading…"));
  let entity;
  let related = [];
  try {
    entity = await api(`/entities/${encodeURIComponent(id)}`);
    related = (await api(`/entities/${encodeURIComponent(id)}/related`)).related;
  } catch (error) {
    if (!entity) return show(h("h1", {}, id), errorBox(error));
  }
  const p = entity.properties || {};
  // Every name of this record and of the same subject's records on other
  // lists, once each, with where it comes from, grouped by script.
  const names = new Map();
  for (const record of [entity, ...related]) {
    const q = record.properties || {};
    const source = (record.datasets || [])[0] || record.id;
    for (const [key, kind] of [["name", "name"], ["alias", "alias"], ["weakAlias", "weak alias"], ["previousName", "previous name"]]) {
      for (const name of q[key] || []) {
        if (!names.has(name)) names.set(name, new Set());
        names.get(name).add(`${kind}, ${source}`);
      }
    }
  }
  const byScript = new Map();
  for (const [name, where] of names) {
    const script = scriptOf(name);
    if (!byScript.has(script)) byScript.set(script, []);
    byScript.get(script).push([name, [...where].join("; ")]);
  }
  const facts = FACTS.filter(([key]) => key === "schema" || (p[key] && p[key].length)).map(([key, label]) => [
    h("dt", {}, label),
    h("dd", {}, key === "schema" ? entity.schema : p[key].join("; ")),
  ]);
  const listings = (p.sanctions || []).map((s) => ({ entity: entity.id, caption: entity.caption, sanction: s }));
  for (const other of related) {
    for (const s of other.properties.sanctions || []) listings.push({ entity: other.id, caption: other.caption, sanction: s });
  }
  // Oldest first; listings without a date last.
  listings.sort((a, b) => {
    const [x, y] = [listingDate(a.sanction), listingDate(b.sanction)];
    return !x - !y || x.localeCompare(y);
  });
  const badges = await authorityBadges([...new Set([entity, ...related].flatMap((e) => e.datasets))]);
  show(
    h("h1", {}, entity.caption),
    badges,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Names"),
      [...byScript].map(([script, list]) =>
        h("div", { class: "script-group" }, h("h3", {}, script), h("ul", {}, list.map(([name, kind]) => h("li", {}, name, h("span", { class: "muted" }, ` (${kind})`))))),
      ),
    ),
    h("section", { class: "card" }, h("h2", {}, "Facts"), h("dl", { class: "facts" }, facts)),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Listings"),
      related.length ? h("p", { class: "muted" }, `With ${related.length} other listed record(s) of the same ${entity.schema === "Person" ? "person" : "entity"} on other lists, as the matcher groups them.`) : null,
      h("ol", { class: "timeline", id: "timeline" }, listings.map((l) => timelineItem(l, entity.id))),
    ),
    related.length
      ? h(
          "section",
          { class: "card" },
          h("h2", {}, "The same on other lists"),
          h("ul", {}, related.map((r) => h("li", {}, h("a", { href: `#/entity/${encodeURIComponent(r.id)}` }, r.caption), h("span", { class: "muted" }, ` ${r.id} (score ${formatScore(r.score)})`)))),
        )
      : null,
  );
}

function timelineItem({ entity, sanction }, shownId) {
  const p = sanction.properties || {};
  const first = (key) => (p[key] || [])[0];
  const date = listingDate(sanction);
  return h(
    "li",
    {},
    h("time", { datetime: date || undefined }, date || "date not given"),
    " ",
    h("strong", {}, first("authority") || "?"),
    first("program") ? ` · ${(p.program || []).join(", ")}` : "",
    first("authorityId") ? ` · ref ${first("authorityId")}` : "",
    entity !== shownId ? h("span", {}, " · ", h("a", { href: `#/entity/${encodeURIComponent(entity)}` }, entity)) : h("span", { class: "muted" }, ` · ${entity}`),
    first("reason") ? h("div", { class: "muted" }, first("reason")) : null,
    first("sourceUrl") ? h("div", {}, h("a", { href: first("sourceUrl"), rel: "noopener noreferrer", target: "_blank" }, "source")) : null,
  );
}

// ------------------------------------------------------------------ lists

async function listsPage() {
  show(h("h1", {}, "Lists"), h("p", { class: "muted" }, "Loading…"));
  try {
    const lists = await loadLists();
    show(
      h("h1", {}, "Lists"),
      h("p", { class: "muted" }, `${lists.entities.toLocaleString()} entities from ${lists.lists.length} lists, loaded and indexed in ${(lists.load_ms / 1000).toFixed(1)} s.`),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: "lists-table" },
          h("thead", {}, h("tr", {}, h("th", {}, "List"), h("th", {}, "Authority"), h("th", {}, "Published"), h("th", { class: "num" }, "Entities"), h("th", { class: "num" }, "Version"), h("th", {}, "Changes"))),
          h(
            "tbody",
            {},
            lists.lists.map((list) =>
              h(
                "tr",
                {},
                h("td", {}, h("strong", {}, list.title), h("div", { class: "muted" }, list.id, " · ", list.format)),
                h("td", {}, h("span", { class: "badge" }, authorityCode(list.authority)), " ", list.authority_name),
                h("td", { class: "nowrap" }, list.published || "—"),
                h("td", { class: "num" }, list.entities.toLocaleString()),
                h("td", { class: "num", title: list.content_hash || "" }, list.version ?? "—"),
                h("td", {}, list.version ? h("a", { href: `#/lists/${encodeURIComponent(list.id)}` }, "versions and changes") : h("span", { class: "muted" }, "no store")),
              ),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    show(h("h1", {}, "Lists"), errorBox(error));
  }
}

function entityLinks(items, describe) {
  return h(
    "ul",
    {},
    items.map((item) => h("li", {}, h("a", { href: `#/entity/${encodeURIComponent(item.id || item.new_id)}` }, item.caption), " ", h("span", { class: "muted" }, describe(item)))),
  );
}

async function listPage(source) {
  show(h("h1", {}, source), h("p", { class: "muted" }, "Loading…"));
  try {
    const versions = (await api(`/lists/${encodeURIComponent(source)}/versions`)).versions;
    const parts = [
      h("h1", {}, source),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          {},
          h("thead", {}, h("tr", {}, h("th", { class: "num" }, "Version"), h("th", {}, "Published"), h("th", { class: "num" }, "Entities"), h("th", {}, "Content hash"), h("th", {}, "Served"))),
          h(
            "tbody",
            {},
            versions.map((v) =>
              h("tr", {}, h("td", { class: "num" }, v.id), h("td", {}, v.published || "—"), h("td", { class: "num" }, v.entity_count), h("td", {}, h("code", {}, (v.content_hash || "").slice(0, 12))), h("td", {}, v.active_from ? `${v.active_from.slice(0, 16)}${v.active_until ? ` to ${v.active_until.slice(0, 16)}` : " (now)"}` : "—")),
            ),
          ),
        ),
      ),
    ];
    if (versions.length < 2) {
      parts.push(h("p", { class: "muted" }, "Only one version is stored: nothing to compare yet."));
      return show(...parts);
    }
    const diff = await api(`/lists/${encodeURIComponent(source)}/diff?limit=50`);
    const c = diff.counts;
    parts.push(
      h(
        "section",
        { class: "card", id: "diff" },
        h("h2", {}, `Changes from version ${diff.old.id} (${diff.old.published || "?"}) to ${diff.new.id} (${diff.new.published || "?"})`),
        h("p", { class: "counts" }, [["added", c.added], ["removed", c.removed], ["changed", c.changed], ["re-identified", c.reidentified], ["unchanged", c.unchanged]].map(([label, n]) => h("span", {}, h("b", {}, n.toLocaleString()), ` ${label}`))),
        Object.keys(diff.fields).length ? h("p", { class: "muted" }, "Fields changed: ", Object.entries(diff.fields).map(([f, n]) => `${f} ${n}`).join(", ")) : null,
        diff.truncated ? h("p", { class: "muted" }, "The first 50 of each are shown.") : null,
        diff.added.length ? [h("h3", {}, "Added"), entityLinks(diff.added, (e) => e.id)] : null,
        diff.removed.length ? [h("h3", {}, "Removed"), h("ul", {}, diff.removed.map((e) => h("li", {}, e.caption, h("span", { class: "muted" }, ` ${e.id}`))))] : null,
        diff.changed.length ? [h("h3", {}, "Changed"), entityLinks(diff.changed, (e) => e.fields.join(", "))] : null,
        diff.reidentified.length ? [h("h3", {}, "Under a new id"), entityLinks(diff.reidentified, (e) => `${e.old_id} → ${e.new_id}`)] : null,
      ),
    );
    show(...parts);
  } catch (error) {
    show(h("h1", {}, source), errorBox(error));
  }
}

// ----------------------------------------------------------------- alerts

async function alertsPage(status) {
  const filter = h(
    "select",
    { id: "alert-status", "aria-label": "Which alerts" },
    [["open", "Open"], ["true_match", "True matches"], ["false_positive", "False positives"], ["all", "All"]].map(([value, label]) => h("option", { value, selected: value === status }, label)),
  );
  filter.addEventListener("change", () => {
    location.hash = `#/alerts?status=${filter.value}`;
  });
  show(h("h1", {}, "Alerts"), h("div", { class: "actions" }, h("label", { for: "alert-status" }, "Show"), filter), h("p", { class: "muted" }, "Loading…"));
  try {
    const alerts = await api(`/alerts?status=${encodeURIComponent(status)}`);
    show(
      h("h1", {}, "Alerts"),
      h("div", { class: "actions" }, h("label", { for: "alert-status" }, "Show"), filter),
      alerts.length ? alerts.map(alertCard) : h("p", { class: "muted", id: "no-alerts" }, "No alerts here."),
    );
  } catch (error) {
    show(h("h1", {}, "Alerts"), errorBox(error));
  }
}

function alertCard(alert) {
  const explanation = alert.explanation;
  const body = [
    h(
      "div",
      { class: "alert-head" },
      h("strong", {}, `#${alert.id}`),
      h("span", {}, "Customer ", h("b", {}, alert.customer)),
      h("span", {}, "hit ", h("a", { href: `#/entity/${encodeURIComponent(alert.entity_id)}` }, alert.caption)),
      h("span", { class: "badge kind" }, alert.kind),
      alert.score !== null && alert.score !== undefined ? h("span", {}, `score ${formatScore(alert.score)}`) : null,
      h("span", { class: `status ${alert.status}` }, alert.status.replace("_", " ")),
      h("span", { class: "muted" }, alert.created_at.slice(0, 16).replace("T", " ")),
    ),
    alert.changed_fields.length ? h("p", { class: "muted" }, "Changed: ", alert.changed_fields.join(", ")) : null,
    explanation && explanation.name ? h("p", { class: "muted" }, `“${explanation.name.query_form}” matched “${explanation.name.listed_name}” (${formatScore(explanation.name.score)})`) : null,
    alert.decided
      ? h(
          "p",
          { class: "decided" },
          h("span", { class: `status ${alert.decided.decision}` }, alert.decided.decision.replace("_", " ")),
          ` by ${alert.decided.actor}, ${alert.decided.decided_at.slice(0, 16).replace("T", " ")}: `,
          h("q", {}, alert.decided.comment),
        )
      : null,
  ];
  if (alert.status === "open") body.push(decisionForm(alert));
  return h("article", { class: "card", "data-alert": alert.id }, body);
}

function decisionForm(alert) {
  const name = `decision-${alert.id}`;
  const comment = h("textarea", { id: `comment-${alert.id}`, name: "comment", required: true });
  const note = h("span", { class: "muted" });
  const form = h(
    "form",
    { class: "decide" },
    h(
      "fieldset",
      { class: "decision" },
      h("legend", { class: "muted" }, "Decision"),
      h("label", {}, h("input", { type: "radio", name, value: "true_match", required: true }), "True match"),
      h("label", {}, h("input", { type: "radio", name, value: "false_positive" }), "False positive"),
    ),
    h("label", { for: `comment-${alert.id}` }, "Why (recorded in the audit log)"),
    comment,
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Record decision"), note),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const decision = new FormData(form).get(name);
    note.textContent = "Recording…";
    try {
      const recorded = await api(`/alerts/${alert.id}/disposition`, { method: "POST", body: { decision, comment: comment.value } });
      const card = form.closest("article");
      form.replaceWith(h("p", { class: "notice", role: "status" }, `Recorded as ${recorded.decision.replace("_", " ")} by ${recorded.actor}, audit row ${recorded.audit_seq}.`));
      card.querySelector(".status").textContent = recorded.decision.replace("_", " ");
    } catch (error) {
      note.replaceChildren(errorBox(error));
    }
  });
  return form;
}

// ----------------------------------------------------------------- router

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const page = parts[0] || "screen";
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.page === (page === "entity" ? "screen" : page)) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  main.focus({ preventScroll: true });
  if (page === "entity" && parts[1]) return entityPage(parts.slice(1).join("/"));
  if (page === "lists" && parts[1]) return listPage(parts[1]);
  if (page === "lists") return listsPage();
  if (page === "alerts") return alertsPage(params.get("status") || "open");
  if (page === "graph") return graphPage(params);
  return screenPage();
}

document.getElementById("key-button").addEventListener("click", () => {
  askForKey().then(() => route());
});
window.addEventListener("hashchange", route);
route();
