// The demo page: sends the text to POST /v1/quotes and draws the answer over it.
// Every piece of the article becomes a DOM text node (never HTML), so nothing in an article can
// run as code; offsets are asked for in UTF-16 code units, which are JavaScript string indices.
"use strict";

const $ = (id) => document.getElementById(id);
const PALETTE = 8;     // colour classes c0..c7 in demo.css
const UNDERLINES = 5;  // underline styles u0..u4: colour is never the only signal
const RANK = { quote: 0, mention: 1, verb: 2 };  // an outer span of the same extent comes first
const ROLE_SOURCES = { text: "stated in the text", relative: "from a relative role", gazetteer: "from the gazetteer" };

let quotesById = new Map();
let speakersById = new Map();

document.addEventListener("DOMContentLoaded", () => {
  loadSamples();
  $("sample").addEventListener("change", loadSample);
  $("ask").addEventListener("submit", ask);
  const article = $("article");
  article.addEventListener("mouseover", (event) => pointAt(event.target, event.clientY));
  article.addEventListener("mouseleave", hideCard);
  article.addEventListener("focusin", (event) => pointAt(event.target, null));
  article.addEventListener("focusout", hideCard);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hideCard(); });
  window.addEventListener("resize", hideCard);
});

async function loadSamples() {
  try {
    const response = await fetch("demo/samples");
    for (const sample of await response.json()) $("sample").append(new Option(sample.title, sample.name));
  } catch (error) {
    $("sample").disabled = true;  // the page still works with pasted text
  }
}

async function loadSample() {
  const name = $("sample").value;
  if (!name) return;
  try {
    const response = await fetch(`demo/samples/${encodeURIComponent(name)}`);
    if (!response.ok) {
      showProblem((await readJson(response)) || { title: `${response.status} ${response.statusText}`, detail: "" });
      return;
    }
    $("text").value = await response.text();
  } catch (error) {
    showProblem({ title: "The sample could not be loaded", detail: String(error) });
  }
}

// -- asking the API --------------------------------------------------------------------------
function request(text) {
  const body = { text, offsets: "utf16" };
  if ($("scope").value) body.scope = $("scope").value;
  if ($("join_split").value) body.join_split = $("join_split").value === "true";
  const floor = $("min_confidence").value.trim();
  // sent as typed when it is not a number: the API's validation answers, not a second one here
  if (floor) body.min_confidence = /^-?\d+(\.\d+)?$/.test(floor) ? Number(floor) : floor;
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = $("api_key").value;
  if (key) headers["X-API-Key"] = key;
  return { method: "POST", headers, body: JSON.stringify(body) };
}

async function ask(event) {
  event.preventDefault();
  const text = $("text").value;  // the exact string sent, and the one drawn
  performance.clearMarks();
  performance.clearMeasures();
  performance.mark("quotes:submit");
  $("go").disabled = true;
  $("ask").setAttribute("aria-busy", "true");
  $("status").textContent = "Asking the service…";
  $("problem").hidden = true;
  try {
    let response;
    try {
      response = await fetch("v1/quotes", request(text));
    } catch (error) {
      showProblem({ title: "The service could not be reached", detail: String(error) });
      return;
    }
    const answer = await readJson(response);
    performance.mark("quotes:answered");
    if (!response.ok) {
      showProblem(answer || { title: `${response.status} ${response.statusText}`, detail: "The answer was not a problem document." });
      return;
    }
    draw(text, answer);
    await nextPaint();
    performance.mark("quotes:drawn");
    const drawn = performance.measure("quotes:submit-to-drawn", "quotes:submit", "quotes:drawn");
    const quotes = answer.quotes.length, speakers = answer.speakers.length;
    const found = quotes ? `${quotes} ${quotes === 1 ? "quote" : "quotes"}, ${speakers} ${speakers === 1 ? "speaker" : "speakers"}`
      : "No quotes found in this text";
    $("status").textContent = `${found} · drawn ${Math.round(drawn.duration)} ms after asking`;
  } finally {
    $("go").disabled = false;
    $("ask").setAttribute("aria-busy", "false");
  }
}

// resolves once the frame with the new DOM has been painted
function nextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

async function readJson(response) {
  try {
    return await response.json();
  } catch (error) {
    return null;
  }
}

function showProblem(problem) {
  hideCard();
  $("answer").hidden = true;
  $("status").textContent = "";
  $("problem-title").textContent = problem.title || "Error";
  $("problem-detail").textContent = problem.detail || "";
  const list = $("problem-errors");
  list.replaceChildren();
  for (const [field, messages] of Object.entries(flatten(problem.errors || {}))) {
    const item = document.createElement("li");
    item.textContent = `${field}: ${messages.join(" ")}`;
    list.append(item);
  }
  $("problem").hidden = false;
}

// marshmallow's field errors nest ({"gazetteer": {"0": {"name": [...]}}}): one line per field path
function flatten(errors, prefix = "") {
  const out = {};
  for (const [key, value] of Object.entries(errors)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) out[path] = value.map(String);
    else if (value && typeof value === "object") Object.assign(out, flatten(value, path));
    else out[path] = [String(value)];
  }
  return out;
}

// -- drawing -----------------------------------------------------------------------------------
function draw(text, answer) {
  quotesById = new Map(answer.quotes.map((quote) => [quote.id, quote]));
  speakersById = new Map(answer.speakers.map((speaker, index) => [speaker.id, { ...speaker, index }]));
  const article = $("article");
  article.classList.remove("picking");
  delete article.dataset.picked;
  article.replaceChildren(build(text, spansOf(answer), 0, text.length));
  drawSpeakers(answer.speakers);
  const options = answer.model && answer.model.options;
  $("applied").textContent = options
    ? `Applied: scope ${options.scope}, join_split ${options.join_split}, min_confidence ${options.min_confidence}.` : "";
  $("answer").hidden = false;
}

// quotes, and the verbs and speaker mentions they point to (each drawn once)
function spansOf(answer) {
  const spans = [], seen = new Set();
  const add = (kind, span, fields) => {
    const key = `${kind}:${span.start}:${span.end}:${fields.quote || ""}`;  // two quotes may share a span
    if (span.end <= span.start || seen.has(key)) return;
    seen.add(key);
    spans.push({ kind, start: span.start, end: span.end, ...fields });
  };
  for (const quote of answer.quotes) {
    const speaker = quote.speaker && quote.speaker.id;
    add("quote", quote, { quote: quote.id, speaker, head: true });
    if (quote.verb) add("verb", quote.verb, {});
    if (quote.speaker && quote.speaker.mention) add("mention", quote.speaker.mention, { speaker });
  }
  for (const speaker of answer.speakers) {
    for (const mention of speaker.mentions || []) add("mention", mention, { speaker: speaker.id });
  }
  return spans;
}

const order = (a, b) => a.start - b.start || b.end - a.end || RANK[a.kind] - RANK[b.kind];

// The text from..to with the spans inside it as nested elements. A span that crosses the end of
// an earlier one (two overlapping quotes) is cut there: one piece inside, the rest after it.
function build(text, spans, from, to) {
  const out = document.createDocumentFragment();
  let rest = spans.slice().sort(order);
  let pos = from;
  while (rest.length) {
    const span = rest.shift();
    const inside = [], after = [];
    for (const other of rest) {
      if (other.start >= span.end) after.push(other);
      else if (other.end <= span.end) inside.push(other);
      else {
        inside.push({ ...other, end: span.end });
        after.push({ ...other, start: span.end, head: false });
      }
    }
    out.append(text.slice(pos, span.start), element(span, build(text, inside, span.start, span.end)));
    pos = span.end;
    rest = after.sort(order);
  }
  out.append(text.slice(pos, to));
  return out;
}

function element(span, content) {
  const el = document.createElement(span.kind === "quote" ? "mark" : "span");
  el.className = span.kind;
  if (span.kind !== "verb") {
    const speaker = speakersById.get(span.speaker);
    el.classList.add(speaker ? `c${speaker.index % PALETTE}` : "cnone");
    if (span.speaker) el.dataset.speaker = span.speaker;
    if (span.kind === "quote") {
      el.classList.add(speaker ? `u${speaker.index % UNDERLINES}` : "unone");
      el.dataset.quote = span.quote;
      if (span.head) {  // the first piece of a quote: reachable by keyboard, labelled with its speaker
        el.tabIndex = 0;
        el.dataset.label = speaker ? String(speaker.index + 1) : "?";
        el.setAttribute("aria-describedby", "card");
      }
    }
  }
  el.append(content);
  return el;
}

function drawSpeakers(speakers) {
  const rows = speakers.map((speaker, index) => {
    const row = document.createElement("tr");
    row.dataset.speaker = speaker.id;
    const who = document.createElement("td");
    const button = document.createElement("button");
    button.type = "button";
    button.className = `pick c${index % PALETTE}`;
    button.setAttribute("aria-pressed", "false");
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = String(index + 1);
    button.append(badge, speaker.name || speaker.description || "unnamed");
    button.addEventListener("click", () => pick(speaker.id));
    who.append(button);
    if (speaker.name && speaker.description) who.append(small(speaker.description));
    const role = document.createElement("td");
    role.className = "role";
    role.append(speaker.role || "—");
    if (speaker.role) role.append(small(ROLE_SOURCES[speaker.role_source] || speaker.role_source || ""));
    const count = document.createElement("td");
    count.className = "count";
    count.textContent = String(speaker.quotes);
    row.append(who, role, count);
    return row;
  });
  $("speakers").replaceChildren(...rows);
}

function explainSource(source) {
  return ROLE_SOURCES[source] ? `${source} (${ROLE_SOURCES[source]})` : source;
}

function small(text) {
  const el = document.createElement("small");
  el.textContent = text;
  return el;
}

// choosing a speaker picks out their quotes and mentions; choosing them again clears it
function pick(id) {
  const article = $("article");
  const chosen = article.dataset.picked === id ? null : id;
  if (chosen) article.dataset.picked = chosen;
  else delete article.dataset.picked;
  article.classList.toggle("picking", chosen !== null);
  for (const el of article.querySelectorAll("[data-speaker]")) el.classList.toggle("on", el.dataset.speaker === chosen);
  for (const button of $("speakers").querySelectorAll("button.pick")) {
    button.setAttribute("aria-pressed", String(button.closest("tr").dataset.speaker === chosen));
  }
}

// -- the card --------------------------------------------------------------------------------
function pointAt(target, clientY) {
  const mark = target.closest && target.closest("mark.quote");
  if (!mark) return hideCard();
  const quote = quotesById.get(mark.dataset.quote);
  if (quote) showCard(quote, mark, clientY);
}

function showCard(quote, mark, clientY) {
  const speaker = quote.speaker;
  $("card-speaker").textContent = speaker ? (speaker.name || speaker.description || "unnamed speaker") : "no speaker found";
  const facts = [
    ["Role", speaker && speaker.role ? speaker.role : "—"],
    ["Role source", speaker && speaker.role_source ? explainSource(speaker.role_source) : "—"],
    ["Said as", speaker && speaker.mention ? speaker.mention.text : "—"],
    ["Verb", quote.verb ? quote.verb.text : "—"],
    ["Type", quote.construction && quote.construction !== quote.type ? `${quote.type} (${quote.construction})` : quote.type],
    ["Confidence", String(quote.confidence)],
  ];
  $("card-facts").replaceChildren(...facts.flatMap(([term, value]) => {
    const dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = term;
    dd.textContent = value;
    return [dt, dd];
  }));
  const card = $("card");
  card.hidden = false;
  // under the line the pointer is on (by keyboard: under the quote's last line), or over the
  // quote when there is no room below; always inside the viewport's width
  const lines = Array.from(mark.getClientRects());
  const line = clientY === null ? lines[lines.length - 1]
    : lines.find((r) => clientY >= r.top && clientY <= r.bottom) || lines[0];
  const viewport = document.documentElement;
  const left = Math.max(8, Math.min(line.left, viewport.clientWidth - card.offsetWidth - 8));
  let top = line.bottom + 6;
  if (top + card.offsetHeight > viewport.clientHeight && lines[0].top - card.offsetHeight - 6 >= 0) {
    top = lines[0].top - card.offsetHeight - 6;
  }
  card.style.left = `${left + window.scrollX}px`;
  card.style.top = `${top + window.scrollY}px`;
}

function hideCard() {
  $("card").hidden = true;
}
