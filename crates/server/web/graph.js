// "Who sanctioned whom": the authorities of the loaded lists as a picture
// (whom each lists, by target country, and the counter-sanctions between
// them), the counter-sanctions on a timeline, and for a searched subject
// which authorities list it and when. Drawn by hand in SVG: no library, so
// nothing is fetched from elsewhere. Reads GET /graph, /graph/counter and
// /graph/who.

import { api, errorBox, h, show } from "./app.js";

const SVG = "http://www.w3.org/2000/svg";
const COUNTER = "#b3261e";
const EDGE = "#6b8fd6";
const NODE = "#1d2430";
/** Target countries drawn: the most listed; the rest are summed up. */
const TOP_TARGETS = 12;

/** An SVG element; `title` becomes a tooltip. */
function s(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (name === "title") element.append(s("title", {}, String(value)));
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Days since 1970 of `2021-03-22`, `2021-03` or `2021` (its first day). */
function dayOf(date) {
  const [y, m = "01", d = "01"] = String(date).split("-");
  return Date.UTC(Number(y), Number(m) - 1, Number(d)) / 86400000;
}

function yearOf(day) {
  return new Date(day * 86400000).getUTCFullYear();
}

// ------------------------------------------------------------ the picture

/** Authorities on the left, target countries on the right; an edge for
 *  each authority's listings of a country, as wide as their number; the
 *  counter-sanctions as red arcs between authorities. */
function picture(overview) {
  const authorities = overview.authorities.filter((a) => a.listings > 0);
  const totals = new Map();
  for (const edge of overview.target_edges) {
    totals.set(edge.target, (totals.get(edge.target) || 0) + edge.listings);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([target]) => target);
  const targets = ranked.filter((t) => t !== "unknown").slice(0, TOP_TARGETS);
  const shown = new Set(targets);
  targets.push("other", "unknown");

  const row = 34;
  const top = 40;
  const height = top + Math.max(authorities.length, targets.length) * row + 20;
  const width = 900;
  const left = { x: 170, w: 210 };
  const right = { x: 700, w: 150 };
  const ay = new Map(authorities.map((a, i) => [a.authority, top + i * row]));
  const ty = new Map(targets.map((t, i) => [t, top + i * row]));

  const weights = new Map();
  for (const edge of overview.target_edges) {
    const target = edge.target === "unknown" ? "unknown" : shown.has(edge.target) ? edge.target : "other";
    const key = `${edge.authority}\u0000${target}`;
    weights.set(key, (weights.get(key) || 0) + edge.listings);
  }
  const max = Math.max(1, ...weights.values());
  const edges = [];
  for (const [key, listings] of weights) {
    const [authority, target] = key.split("\u0000");
    const y1 = ay.get(authority) + 13;
    const y2 = ty.get(target) + 13;
    if (Number.isNaN(y1) || Number.isNaN(y2)) continue;
    const x1 = left.x + left.w;
    const x2 = right.x;
    const mid = (x1 + x2) / 2;
    edges.push(
      s("path", {
        class: "edge",
        "data-authority": authority,
        "data-target": target,
        d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`,
        fill: "none",
        stroke: target === "unknown" ? "#aab3c0" : EDGE,
        "stroke-opacity": 0.45,
        "stroke-width": (1 + 14 * Math.sqrt(listings / max)).toFixed(1),
        title: `${authority} lists ${listings} target(s) of ${target}`,
      }),
    );
  }

  const maxCounter = Math.max(1, ...overview.counter_edges.map((e) => e.counter_listings));
  const arcs = overview.counter_edges.filter((e) => ay.has(e.by) && ay.has(e.against)).map((edge) => {
    const y1 = ay.get(edge.by) + 13;
    const y2 = ay.get(edge.against) + 13;
    const bulge = 40 + Math.abs(y2 - y1) * 0.35;
    const x = left.x;
    return s("path", {
      class: "edge counter",
      "data-by": edge.by,
      "data-against": edge.against,
      d: `M${x},${y1} C${x - bulge},${y1} ${x - bulge},${y2} ${x},${y2}`,
      fill: "none",
      stroke: COUNTER,
      "stroke-width": (1.5 + 5 * Math.sqrt(edge.counter_listings / maxCounter)).toFixed(1),
      "marker-end": "url(#arrow)",
      title: `${edge.by} counter-sanctioned ${edge.counter_listings} target(s) under ${edge.against}'s jurisdiction on ${edge.links} day(s), ${edge.first} to ${edge.last}`,
    });
  });

  const nodes = authorities.map((a) =>
    s(
      "g",
      { class: "node", "data-authority": a.authority, transform: `translate(${left.x},${ay.get(a.authority)})` },
      s("rect", { width: left.w, height: 26, rx: 5, fill: NODE }),
      s("text", { x: 8, y: 17, fill: "#fff", "font-size": 12, "font-weight": 700 }, a.badge),
      s("text", { x: 34, y: 17, fill: "#fff", "font-size": 12 }, a.authority),
      s("text", { x: left.w - 8, y: 17, fill: "#c5d2e6", "font-size": 11, "text-anchor": "end" }, a.listings.toLocaleString("en")),
      s("title", {}, `${a.name}: ${a.listings} listings, ${a.undated} without a date`),
    ),
  );
  const targetNodes = targets.map((t) =>
    s(
      "g",
      { class: "target", "data-target": t, transform: `translate(${right.x},${ty.get(t)})` },
      s("rect", { width: right.w, height: 26, rx: 13, fill: "#fff", stroke: t === "unknown" || t === "other" ? "#aab3c0" : EDGE }),
      s("text", { x: 12, y: 17, fill: NODE, "font-size": 12, "font-weight": 700 }, t),
      s("text", { x: right.w - 10, y: 17, fill: "#5b6575", "font-size": 11, "text-anchor": "end" },
        (t === "other"
          ? [...totals.entries()].filter(([k]) => k !== "unknown" && !shown.has(k)).reduce((n, [, v]) => n + v, 0)
          : totals.get(t) || 0
        ).toLocaleString("en")),
    ),
  );

  return s(
    "svg",
    {
      id: "graph-picture",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label": "Authorities, the countries of the targets they list, and counter-sanctions between them",
      class: "graph-svg",
    },
    s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 11, markerHeight: 11, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
      s("path", { d: "M0,0 L10,5 L0,10 z", fill: COUNTER }))),
    s("text", { x: left.x, y: 22, "font-size": 13, "font-weight": 700, fill: NODE }, "Authority (listings)"),
    s("text", { x: right.x, y: 22, "font-size": 13, "font-weight": 700, fill: NODE }, "Target country"),
    s("text", { x: 8, y: 22, "font-size": 12, fill: COUNTER }, "Counter-sanctions"),
    edges,
    arcs,
    nodes,
    targetNodes,
  );
}

// ---------------------------------------------------------- the timelines

/** A time axis from `first` to `last` (days) over `x0`..`x1`: ticks by
 *  year, month or week, whichever gives a handful. */
function axis(first, last, x0, x1, y) {
  const scale = (day) => x0 + ((day - first) / Math.max(1, last - first)) * (x1 - x0);
  const ticks = [];
  const tick = (day, label) => {
    const x = scale(day);
    ticks.push(
      s("line", { x1: x, x2: x, y1: 20, y2: y, stroke: "#e3e7ee" }),
      s("text", { x, y: y + 16, "font-size": 11, fill: "#5b6575", "text-anchor": "middle" }, label),
    );
  };
  const span = last - first;
  const start = new Date(first * 86400000);
  if (span > 3 * 365) {
    const from = yearOf(first);
    const step = Math.max(1, Math.ceil((yearOf(last) - from + 1) / 10));
    for (let year = from + 1; year <= yearOf(last); year += step) tick(Date.UTC(year, 0, 1) / 86400000, year);
  } else if (span > 120) {
    const step = Math.max(1, Math.ceil(span / 30 / 10));
    for (let m = start.getUTCMonth() + 1; ; m += step) {
      const day = Date.UTC(start.getUTCFullYear(), m, 1) / 86400000;
      if (day > last) break;
      tick(day, new Date(day * 86400000).toISOString().slice(0, 7));
    }
  } else {
    const step = Math.max(1, Math.ceil(span / 8));
    for (let day = Math.ceil(first) + 1; day < last; day += step) {
      tick(day, new Date(day * 86400000).toISOString().slice(0, 10));
    }
  }
  return { scale, ticks };
}

/** Rows of dated events: each row a label and its dots. Events without a
 *  date are drawn hollow in a "date unknown" column at the right. */
function timeline(id, label, rows) {
  const dated = rows.flatMap((r) => r.events.filter((e) => e.date).map((e) => dayOf(e.date)));
  const undated = rows.some((r) => r.events.some((e) => !e.date));
  if (!dated.length && !undated) return null;
  const low = dated.length ? Math.min(...dated) : 0;
  const high = dated.length ? Math.max(...dated) : 1;
  const pad = Math.max(3, (high - low) * 0.06);
  const first = low - pad;
  const last = high + pad;
  const width = 900;
  const labelWidth = 230;
  const x1 = undated ? width - 110 : width - 20;
  const row = 28;
  const height = 30 + rows.length * row + 30;
  const { scale, ticks } = axis(first, last, labelWidth, x1, height - 30);
  const drawn = rows.map((r, i) => {
    const y = 30 + i * row + row / 2;
    return s(
      "g",
      { class: "row", "data-row": r.key },
      s("text", { x: labelWidth - 10, y: y + 4, "font-size": 12, fill: r.color || NODE, "text-anchor": "end" }, r.label),
      s("line", { x1: labelWidth, x2: x1, y1: y, y2: y, stroke: "#d9dee6" }),
      r.events.map((e) =>
        e.date
          ? s("circle", { class: "event", cx: scale(dayOf(e.date)).toFixed(1), cy: y, r: e.radius || 6, fill: r.color || "#1f5fbf", "fill-opacity": 0.85, stroke: "#fff", "stroke-width": 1.5, title: e.title })
          : s("circle", { class: "event undated", cx: width - 60, cy: y, r: 6, fill: "#fff", stroke: r.color || "#1f5fbf", "stroke-width": 2, title: e.title }),
      ),
    );
  });
  return s(
    "svg",
    { id, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "graph-svg" },
    ticks,
    undated ? s("text", { x: width - 60, y: height - 14, "font-size": 11, fill: "#5b6575", "text-anchor": "middle" }, "date unknown") : null,
    drawn,
  );
}

/** The counter-sanctions, one row per pair, a dot per day sized by the
 *  number of listings. */
function counterTimeline(links) {
  const rows = new Map();
  for (const link of links) {
    const key = `${link.by}→${link.against}`;
    if (!rows.has(key)) rows.set(key, { key, label: `${link.by} → ${link.against}`, color: "#b3261e", events: [] });
    rows.get(key).events.push({
      date: link.on,
      radius: 4 + Math.min(10, Math.sqrt(link.counter.length) * 2),
      title: link.reason,
    });
  }
  return timeline("counter-timeline", "Counter-sanctions by date", [...rows.values()]);
}

// -------------------------------------------------------------- the page

function legend() {
  return h(
    "p",
    { class: "graph-legend muted" },
    h("span", { class: "swatch listing" }),
    " an authority's listings of targets of a country (wider: more) ",
    h("span", { class: "swatch counter" }),
    " counter-sanctions: listings the list names countermeasures, linked to the other authority's listings of its own people shortly before",
  );
}

async function whoSection(subject, out) {
  out.replaceChildren(h("p", { class: "muted" }, `Looking up ${subject}…`));
  try {
    const param = /^[a-z0-9_]+:/.test(subject) ? "entity" : "name";
    const who = await api(`/graph/who?${param}=${encodeURIComponent(subject)}`);
    const caption = who.listings[0] ? who.listings[0].caption : subject;
    const rows = new Map();
    for (const l of who.listings) {
      if (!rows.has(l.authority)) rows.set(l.authority, { key: l.authority, label: l.authority, events: [] });
      rows.get(l.authority).events.push({
        date: l.listed_on,
        title: `${l.authority} (${l.source}) ${l.programmes.join(", ")}: ${l.listed_on || "date unknown"}`,
      });
    }
    for (const link of who.counter_sanctions) {
      const key = `${link.by}→${link.against}`;
      if (!rows.has(key)) rows.set(key, { key, label: `${link.by} → ${link.against} (counter)`, color: COUNTER, events: [] });
      rows.get(key).events.push({ date: link.on, title: link.reason });
    }
    out.replaceChildren(
      h("h2", {}, `Who lists ${caption}`),
      timeline("who-timeline", `Listings of ${caption} by date, and the counter-sanctions they are linked to`, [...rows.values()]),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          {},
          h("thead", {}, h("tr", {}, h("th", {}, "Authority"), h("th", {}, "List"), h("th", {}, "Programme"), h("th", {}, "Since"), h("th", {}, "Record"))),
          h(
            "tbody",
            {},
            who.listings.map((l) =>
              h(
                "tr",
                {},
                h("td", {}, l.authority),
                h("td", {}, l.source),
                h("td", {}, l.programmes.join(", ")),
                h("td", { class: "nowrap" }, l.listed_on || "date unknown"),
                h("td", {}, h("a", { href: `#/entity/${encodeURIComponent(l.entity_id)}` }, l.entity_id)),
              ),
            ),
          ),
        ),
      ),
      ...(who.counter_sanctions.length
        ? [h("h3", {}, "Counter-sanctions linked to these listings"), h("ul", { class: "reasons" }, who.counter_sanctions.map((l) => h("li", {}, l.reason)))]
        : [h("p", { class: "muted" }, "No counter-sanctions are linked to these listings.")]),
    );
  } catch (error) {
    out.replaceChildren(errorBox(error));
  }
}

/** The page at `#/graph`, `#/graph?who=NAME`. */
export async function graphPage(params) {
  const subject = params.get("who") || "";
  const input = h("input", { id: "who-input", name: "who", value: subject, placeholder: "A name (Zhu Hailun) or an entity id (eu_fsf:EU.6251.70)", required: true });
  const form = h(
    "form",
    { class: "card", id: "who-form" },
    h("label", { for: "who-input" }, "Which authorities list…"),
    h("div", { class: "actions" }, input, h("button", { type: "submit" }, "Look up")),
  );
  const whoOut = h("div", { id: "who-result", class: "card" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (value) location.hash = `#/graph?who=${encodeURIComponent(value)}`;
  });
  const picturePlace = h("div", { class: "card" }, h("p", { class: "muted" }, "Loading the graph…"));
  const counterPlace = h("div", { class: "card" });
  show(h("h1", {}, "Who sanctioned whom"), form, whoOut, h("h2", {}, "Authorities and their targets"), picturePlace, h("h2", {}, "Counter-sanctions by date"), counterPlace);
  if (subject) whoSection(subject, whoOut);
  else whoOut.hidden = true;
  try {
    const [overview, counter] = await Promise.all([api("/graph"), api("/graph/counter")]);
    picturePlace.replaceChildren(picture(overview), legend());
    counterPlace.replaceChildren(
      counterTimeline(counter.links) || h("p", { class: "muted" }, "No counter-sanctions in the loaded lists."),
      h("p", { class: "muted" }, `Rule: ${counter.rule}. ${overview.timing_only_links} more link(s) rest on timing alone and are not drawn.`),
    );
  } catch (error) {
    picturePlace.replaceChildren(errorBox(error));
  }
}
