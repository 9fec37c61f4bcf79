// The drafter page: an option form built from GET /v1/variants, a live preview of the assembled
// agreement, the legal-limit messages beside the options they concern, the legal review's findings
// beside the preview (POST /v1/review) with a one-click fix where an option fixes one, a DOCX download, and a
// SPARQL console with the competency questions as examples. Plain ES module, no dependencies.

const DEBOUNCE_MS = 250;

// The project's prefixes and the console's starter queries come from GET /v1/examples
// (src/clausegraph/sources.py and queries/console/*.rq): the page holds no SPARQL of its own.

const state = {
  options: [],
  prefixes: {},
  starters: [],
  questions: new Map(),
  seq: 0, // the newest preview request; older answers are dropped
  lastKey: null, // the spec last sent, to skip a refresh that would send it again
  timer: null,
  hasPreview: false,
};

// ---------------------------------------------------------------- DOM helpers

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}

/** Chinese text followed by its English counterpart, each tagged with its language. */
function bilingual(zh, en, tag = "span") {
  const parts = [];
  if (zh) parts.push(el(tag, { lang: "zh", class: "zh", text: zh }));
  if (en) parts.push(el(tag, { lang: "en", class: "en", text: en }));
  return parts;
}

const fieldId = (key) => key.replaceAll(".", "-");
const inputOf = (key) => $(`opt-${fieldId(key)}`);
const messageOf = (key) => $(`msg-${fieldId(key)}`);

function showText(node, text) {
  node.textContent = text || "";
  node.hidden = !text;
}

// ---------------------------------------------------------------- HTTP

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** A one-line description of a failed response: the API's error and detail, else the status. */
function errorText(response, data) {
  if (data && (data.error || data.detail)) {
    const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
    return [data.error, detail].filter(Boolean).join(": ");
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const data = await readJson(response);
  if (!response.ok) throw new Error(errorText(response, data));
  return data;
}

function postSpec(url, spec) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(spec),
  });
}

// ---------------------------------------------------------------- the option form

function buildForm(options) {
  const form = $("options-form");
  form.replaceChildren(...options.map(buildField));
  form.addEventListener("input", scheduleRefresh);
  form.addEventListener("change", scheduleRefresh);
  form.addEventListener("submit", (event) => event.preventDefault());
}

function buildField(option) {
  const id = fieldId(option.key);
  const input = buildInput(option);
  input.id = `opt-${id}`;
  input.name = option.key;
  input.setAttribute("aria-describedby", `help-${id} msg-${id}`);
  const label = el("label", { for: input.id, class: "field-label" }, ...bilingual(option.label_zh, option.label_en));
  const key = el("code", { class: "key", text: option.key });
  const help = el("p", { id: `help-${id}`, class: "help" }, ...bilingual(option.definition_zh, option.definition_en));
  const message = el("div", { id: `msg-${id}`, class: "msg", "aria-live": "polite" });
  const classes = `field field-${option.type}` + (option.type === "boolean" ? " field-check" : "");
  const head = option.type === "boolean" ? el("div", { class: "field-head" }, input, label, key) : el("div", { class: "field-head" }, label, key);
  return el("div", { class: classes, "data-key": option.key }, head, option.type === "boolean" ? null : input, help, message);
}

function buildInput(option) {
  const allowed = option.allowed || [];
  if (option.type === "boolean") {
    return el("input", { type: "checkbox", checked: option.default === true });
  }
  if (allowed.length) {
    const select = el("select", {}, ...allowed.map((value) => el("option", { value, text: value })));
    select.value = option.default ?? allowed[0];
    return select;
  }
  if (option.type === "integer") {
    return el("input", { type: "number", step: "1", inputmode: "numeric", value: option.default ?? "", placeholder: option.default ?? "" });
  }
  if (option.type === "list") {
    const value = Array.isArray(option.default) ? option.default.join(", ") : "";
    return el("input", { type: "text", value, placeholder: "4, 5.3.3", autocomplete: "off" });
  }
  return el("input", { type: "text", value: option.default ?? "", autocomplete: "off" });
}

/** The value the form holds for an option, or an error for a value the page cannot send. */
function readOption(option) {
  const input = inputOf(option.key);
  if (option.type === "boolean") return { value: input.checked };
  if (option.type === "list") {
    return { value: input.value.split(/[\s,，、;；]+/).filter(Boolean) };
  }
  if (option.type === "integer" && !(option.allowed || []).length) {
    if (input.value === "") {
      if (input.validity.badInput) return { error: "请输入整数。", errorEn: "enter a whole number." };
      return { value: null }; // empty: the default
    }
    const number = Number(input.value);
    if (!Number.isInteger(number)) return { error: "请输入整数。", errorEn: "enter a whole number." };
    return { value: number };
  }
  return { value: input.value };
}

function isDefault(option, value) {
  if (value === null) return true;
  const fallback = option.default;
  if (option.type === "list") {
    const defaults = Array.isArray(fallback) ? fallback : [];
    return value.length === defaults.length && value.every((v, i) => v === String(defaults[i]));
  }
  if (value === "" && (fallback === null || fallback === undefined)) return true;
  return value === fallback;
}

/** The variant spec (only the options changed from their defaults) and any local input errors. */
function readSpec() {
  const spec = {};
  const localIssues = [];
  for (const option of state.options) {
    const { value, error, errorEn } = readOption(option);
    if (error) {
      localIssues.push({ option: option.key, severity: "violation", message_zh: error, message: errorEn });
    } else if (!isDefault(option, value)) {
      spec[option.key] = value;
    }
  }
  return { spec, localIssues };
}

// ---------------------------------------------------------------- violations and warnings

const SEVERITY_LABELS = {
  violation: ["违反", "violation"],
  warning: ["提示", "warning"],
};

/** One violation or warning: both messages and the legal ground; `brief` keeps one message and
 * the Chinese ground (the summary, where the full text is one click away beside the option). */
function issueNode(issue, { brief = false } = {}) {
  const severity = issue.severity === "warning" ? "warning" : "violation";
  const [zh, en] = SEVERITY_LABELS[severity];
  const node = el("div", { class: `issue ${severity}${brief ? " brief" : ""}` });
  node.append(el("span", { class: "badge", text: `${zh} ${en}` }));
  if (issue.message_zh) node.append(el("span", { lang: "zh", class: "issue-zh", text: issue.message_zh }));
  if (issue.message && !(brief && issue.message_zh)) node.append(el("span", { lang: "en", class: "issue-en", text: issue.message }));
  const grounds = brief ? [issue.ground_zh || issue.ground].filter(Boolean) : [issue.ground_zh, issue.ground].filter(Boolean);
  if (grounds.length) {
    node.append(el("span", { class: "ground", text: `依据 Ground: ${grounds.join(" · ")}` }));
  }
  if (issue.rule_zh || issue.rule) node.title = [issue.rule_zh, issue.rule].filter(Boolean).join(" / ");
  return node;
}

function optionLabel(key) {
  const option = state.options.find((o) => o.key === key);
  return option ? `${option.label_zh} / ${option.label_en}` : key || "协议 / agreement";
}

function summaryItem(issue) {
  const target = inputOf(issue.option || "");
  const name = target
    ? el("button", { type: "button", class: "link", onclick: () => target.focus(), text: optionLabel(issue.option) })
    : el("span", { class: "option-name", text: optionLabel(issue.option) });
  return el("li", {}, name, issueNode(issue, { brief: true }));
}

function renderSummary(issues) {
  const summary = $("violations");
  const violations = issues.filter((i) => i.severity !== "warning");
  const warnings = issues.filter((i) => i.severity === "warning");
  const parts = [];
  if (!violations.length) {
    parts.push(el("p", { class: "ok" }, ...bilingual("无违规：可以组装。", "No violations: the variant can be assembled.")));
  } else {
    parts.push(el("h3", {}, ...bilingual(`违规（${violations.length}）`, `Violations (${violations.length})`)));
    parts.push(el("ul", {}, ...violations.map(summaryItem)));
  }
  if (warnings.length) {
    parts.push(el("h3", {}, ...bilingual(`提示（${warnings.length}）`, `Warnings (${warnings.length})`)));
    parts.push(el("ul", {}, ...warnings.map(summaryItem)));
  }
  summary.className = `summary ${violations.length ? "has-violations" : "is-valid"}`;
  summary.replaceChildren(...parts);
}

function showIssues(issues) {
  for (const node of document.querySelectorAll(".msg")) node.replaceChildren();
  for (const field of document.querySelectorAll(".field")) field.classList.remove("invalid", "warned");
  for (const issue of issues) {
    const message = messageOf(issue.option || "");
    if (!message) continue;
    message.append(issueNode(issue));
    message.closest(".field").classList.add(issue.severity === "warning" ? "warned" : "invalid");
  }
  renderSummary(issues);
}

/** The check's violations and warnings, plus any refusal reason only the assembly reported. */
function collectIssues(check, refusal) {
  const issues = [];
  const seen = new Set();
  const add = (item, severity) => {
    const issue = { ...item, severity: item.severity || severity };
    const id = `${issue.option}|${issue.rule || ""}|${issue.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      issues.push(issue);
    }
  };
  for (const item of check?.violations || []) add(item, "violation");
  for (const item of check?.warnings || []) add(item, "warning");
  for (const item of refusal?.violations || []) add(item, "violation");
  if (refusal && !issues.some((i) => i.severity !== "warning")) {
    add({ option: "", message: refusal.detail || refusal.error || "the variant is refused" }, "violation");
  }
  return issues;
}

// ---------------------------------------------------------------- the preview

function setPreviewStatus(zh, en, kind = "") {
  const status = $("preview-status");
  status.className = `status ${kind}`;
  status.replaceChildren(...bilingual(zh, en));
}

function showPreview(text) {
  const preview = $("preview");
  preview.textContent = text;
  preview.classList.remove("stale");
  preview.removeAttribute("aria-describedby");
  state.hasPreview = true;
  setPreviewStatus("已更新", "up to date", "ok");
}

function markStale(zh, en) {
  $("preview").classList.add("stale");
  $("preview").setAttribute("aria-describedby", "preview-status");
  const suffix = state.hasPreview ? ["；显示上一份有效文本", "; showing the last valid text"] : ["", ""];
  setPreviewStatus(zh + suffix[0], en + suffix[1], "stale");
}

function scheduleRefresh() {
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, DEBOUNCE_MS);
}

/** POST /v1/check: the violations and warnings of a spec. */
async function checkSpec(spec) {
  const response = await postSpec("/v1/check", spec);
  const data = await readJson(response);
  if (!response.ok || !data) throw new Error(errorText(response, data));
  return data;
}

/** POST /v1/assemble?format=txt: the text, or the refusal (422) with its violations. */
async function assembleText(spec) {
  const response = await postSpec("/v1/assemble?format=txt", spec);
  if (response.ok) return { text: await response.text() };
  const refusal = await readJson(response);
  if (response.status !== 422 || !refusal) throw new Error(errorText(response, refusal));
  return { refusal };
}

/** Check, then (when valid) assemble the current spec; show the text, or keep the last good
 * text marked stale. One request at a time: a refused variant needs no assembly. */
async function refresh() {
  const { spec, localIssues } = readSpec();
  const key = JSON.stringify({ spec, localIssues });
  if (key === state.lastKey) return; // e.g. the change event after the input events
  state.lastKey = key;
  const seq = ++state.seq;
  if (localIssues.length) {
    showIssues(localIssues);
    markStale("输入有误", "invalid input");
    return;
  }
  $("preview").setAttribute("aria-busy", "true");
  setPreviewStatus("更新中…", "updating…", "busy");
  try {
    const check = await checkSpec(spec);
    const { text, refusal } = check.valid ? await assembleText(spec) : {};
    const review = await reviewSpec(spec);
    if (seq !== state.seq) return;
    renderReview(review);
    showIssues(collectIssues(check, refusal));
    if (typeof text === "string") showPreview(text);
    else markStale("变体被拒绝", "variant refused");
  } catch (error) {
    if (seq !== state.seq) return;
    state.lastKey = null; // let the same spec be tried again
    markStale(`出错：${error.message}`, "error");
  } finally {
    if (seq === state.seq) $("preview").removeAttribute("aria-busy");
  }
}

// ---------------------------------------------------------------- the legal review

/** POST /v1/review: the findings of the legal review of a spec (a variant refused for a legal limit is
 * reviewed too; one that cannot be assembled at all has no review). */
async function reviewSpec(spec) {
  const response = await postSpec("/v1/review", spec);
  const data = await readJson(response);
  if (response.ok && data) return data;
  if (response.status === 422) return null;
  throw new Error(errorText(response, data));
}

/** The spec value a fix sets: a list option (omit) gets the fix's value added. */
function fixedValue(option, fix) {
  if (option.type !== "list") return fix.value;
  const { value } = readOption(option);
  return [...new Set([...(value || []), String(fix.value)])];
}

/** Apply a finding's fix to the form (the option it names takes the value it gives) and reassemble. */
function applyFix(fix) {
  const option = state.options.find((o) => o.key === fix.option);
  const input = option && inputOf(option.key);
  if (!input) return;
  const value = fixedValue(option, fix);
  if (option.type === "boolean") input.checked = value === true;
  else if (option.type === "list") input.value = value.join(", ");
  else input.value = String(value);
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

function findingNode(finding) {
  const fix = finding.fix;
  const item = el("li", { class: `finding severity-${finding.severity}`, "data-code": finding.code, "data-rule": finding.rule });
  const head = el(
    "div",
    { class: "finding-head" },
    el("span", { class: "badge", text: `${finding.severity_zh} ${finding.severity_en}` }),
    el("span", { class: "code", text: finding.code }),
    el("span", { class: "provision", text: finding.provision_zh }),
    el("span", { class: "title", lang: "zh", text: finding.title_zh }),
  );
  const details = el(
    "details",
    {},
    el("summary", {}, ...bilingual(finding.title_zh, finding.title_en)),
    el("p", { lang: "zh", text: finding.explanation_zh }),
    el("p", { lang: "en", class: "en", text: finding.explanation_en }),
    ...finding.grounds.map((g) => el("blockquote", { lang: "zh" }, el("strong", { text: g.label_zh }), ` ${g.quote}`)),
    el("p", { class: "fix-text" }, ...bilingual(`修改建议：${fix.suggestion_zh}`, `Fix: ${fix.suggestion_en}`)),
  );
  const grounds = el("div", { class: "grounds", text: `依据 Ground: ${finding.grounds.map((g) => g.label_zh).join("、")}` });
  item.append(head, grounds, details);
  if (fix.one_click) {
    const label = `${fix.option}=${Array.isArray(fix.value) ? fix.value.join(",") : fix.value}`;
    item.append(
      el("button", { type: "button", class: "apply-fix", "data-option": fix.option, onclick: () => applyFix(fix) },
        `应用修改 Apply fix: ${label}`),
    );
  }
  return item;
}

function renderReview(review) {
  const list = $("review-findings");
  if (!review) {
    list.replaceChildren();
    $("review-count").replaceChildren(...bilingual("变体无法组装，未审查", "the variant cannot be assembled: not reviewed"));
    return;
  }
  list.replaceChildren(...review.findings.map(findingNode));
  const counts = review.severities.map((s) => `${s.label_zh} ${review.counts[s.key]}`).join(" · ");
  $("review-count").textContent = `${review.findings.length} 项 findings（${counts}）`;
}

// ---------------------------------------------------------------- DOCX download

function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function downloadDocx() {
  const status = $("download-status");
  const { spec, localIssues } = readSpec();
  if (localIssues.length) {
    showIssues(localIssues);
    status.textContent = "输入有误，无法下载。 Fix the input first.";
    return;
  }
  const button = $("download-docx");
  button.disabled = true;
  status.textContent = "正在生成 DOCX… generating DOCX…";
  try {
    const response = await postSpec("/v1/assemble?format=docx", spec);
    if (!response.ok) {
      const data = await readJson(response);
      if (data?.violations) showIssues(collectIssues(null, data));
      status.textContent = `无法下载 Cannot download: ${errorText(response, data)}`;
      return;
    }
    saveBlob(await response.blob(), "agreement.docx");
    status.textContent = "已下载 agreement.docx · downloaded agreement.docx";
  } catch (error) {
    status.textContent = `无法下载 Cannot download: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- SPARQL console

function buildExamples(questions) {
  const select = $("examples");
  const starters = el(
    "optgroup",
    { label: "SPARQL 示例 / Starter queries" },
    ...state.starters.map((s) => el("option", { value: `starter:${s.name}`, text: `${s.question_zh} / ${s.question_en}` })),
  );
  const asked = el(
    "optgroup",
    { label: "能力问题 / Competency questions" },
    ...questions.map((q) => el("option", { value: q.name, title: q.question_zh, text: `${q.name} — ${q.question_en} / ${q.question_zh}` })),
  );
  select.replaceChildren(starters, asked);
  select.addEventListener("change", onExampleChange);
  if (state.starters.length) select.value = `starter:${state.starters[0].name}`;
  onExampleChange();
}

function onExampleChange() {
  const value = $("examples").value;
  const question = state.questions.get(value);
  if (question) return chooseQuestion(question);
  const starter = state.starters.find((s) => `starter:${s.name}` === value) || state.starters[0];
  if (!starter) return;
  $("sparql-query").value = starter.query;
  $("question-info").replaceChildren(...bilingual(starter.question_zh, starter.question_en));
  $("question-params").hidden = true;
  $("run-question").disabled = true;
}

function chooseQuestion(question) {
  $("sparql-query").value = question.query; // the question's own file; "Run SPARQL" runs it with its parameters unbound
  const scope = question.scope ? [`范围 scope: ${question.scope}`] : [];
  $("question-info").replaceChildren(
    ...bilingual(question.question_zh, question.question_en, "p"),
    ...(question.row ? [el("p", { class: "row-doc", text: `每行 Each row: ${question.row}` })] : []),
    ...scope.map((text) => el("p", { class: "row-doc", text })),
  );
  renderParams(question);
  $("run-question").disabled = false;
}

function paramInput(param, value) {
  const type = { integer: "number", date: "date" }[param.type] || "text";
  const id = `qparam-${param.name}`;
  return el(
    "div",
    { class: "param" },
    el("label", { for: id }, el("code", { text: param.name }), ` (${param.type})`),
    el("input", { id, type, name: param.name, value: value ?? "", placeholder: param.default ?? "", "aria-describedby": `${id}-doc` }),
    el("p", { id: `${id}-doc`, class: "help", text: param.doc || "" }),
  );
}

function renderParams(question) {
  const params = question.params || [];
  const example = question.example || {};
  $("question-params-fields").replaceChildren(...params.map((p) => paramInput(p, example[p.name] ?? p.default)));
  $("question-params").hidden = params.length === 0;
}

function clearResults() {
  showText($("sparql-error"), "");
  showText($("results-text"), "");
  $("results").tHead.replaceChildren();
  $("results").tBodies[0].replaceChildren();
  $("results-count").textContent = "";
}

async function runQuestion() {
  const name = $("examples").value;
  if (!state.questions.has(name)) return;
  const params = new URLSearchParams();
  for (const input of $("question-params-fields").querySelectorAll("input")) {
    if (input.value.trim() !== "") params.set(input.name, input.value.trim());
  }
  const query = params.toString();
  await runConsole(async () => {
    const data = await getJson(`/v1/questions/${encodeURIComponent(name)}${query ? `?${query}` : ""}`);
    renderResults(data.results);
  });
}

async function runSparql() {
  await runConsole(async () => {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        Accept: "application/sparql-results+json, text/turtle;q=0.5",
      },
      body: $("sparql-query").value,
    });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) throw new Error(errorText(response, await readJson(response)));
    if (type.includes("json")) renderResults(await response.json());
    else showText($("results-text"), await response.text());
  });
}

/** Run one console action: clear the old results, disable the buttons, show any error. */
async function runConsole(action) {
  const buttons = [$("run-question"), $("run-sparql")];
  const wasDisabled = buttons.map((b) => b.disabled);
  buttons.forEach((b) => (b.disabled = true));
  clearResults();
  $("results-count").textContent = "运行中… running…";
  try {
    await action();
  } catch (error) {
    $("results-count").textContent = "";
    showText($("sparql-error"), `查询失败 Query failed: ${error.message}`);
  } finally {
    buttons.forEach((b, i) => (b.disabled = wasDisabled[i]));
  }
}

function compactIri(iri) {
  let best = null;
  for (const [prefix, ns] of Object.entries(state.prefixes)) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

function termCell(term) {
  if (!term) return el("td", { class: "unbound" });
  if (term.type === "uri") return el("td", { class: "iri", title: term.value, text: compactIri(term.value) });
  if (term.type === "bnode") return el("td", { class: "bnode", text: `_:${term.value}` });
  const note = term["xml:lang"] ? `@${term["xml:lang"]}` : term.datatype ? compactIri(term.datatype) : null;
  return el("td", { class: "literal", title: note, lang: term["xml:lang"], text: term.value });
}

/** SPARQL 1.1 Query Results JSON as a table (an ASK answer as a one-cell table). */
function renderResults(results) {
  const table = $("results");
  if (results && typeof results.boolean === "boolean") {
    table.tHead.replaceChildren(el("tr", {}, el("th", { scope: "col", text: "boolean" })));
    table.tBodies[0].replaceChildren(el("tr", {}, el("td", { text: String(results.boolean) })));
    $("results-count").textContent = "ASK";
    return;
  }
  const vars = results?.head?.vars || [];
  const bindings = results?.results?.bindings || [];
  table.tHead.replaceChildren(el("tr", {}, ...vars.map((v) => el("th", { scope: "col", text: v }))));
  table.tBodies[0].replaceChildren(...bindings.map((row) => el("tr", {}, ...vars.map((v) => termCell(row[v])))));
  $("results-count").textContent = `${bindings.length} 行 rows`;
}

// ---------------------------------------------------------------- start

async function loadDrafter() {
  const variants = await getJson("/v1/variants");
  state.options = variants.options || [];
  if (variants.title) {
    $("title-zh").textContent = variants.title.zh || "";
    $("title-en").textContent = variants.title.en ? `${variants.title.en} — drafter` : "drafter";
    document.title = `${variants.title.zh || ""} · ${variants.title.en || ""} — clausegraph`;
  }
  buildForm(state.options);
  $("download-docx").addEventListener("click", downloadDocx);
  await refresh();
}

async function loadConsole() {
  $("run-question").addEventListener("click", runQuestion);
  $("run-sparql").addEventListener("click", runSparql);
  let questions = [];
  try {
    const examples = await getJson("/v1/examples");
    state.prefixes = examples.prefixes;
    state.starters = examples.examples;
    questions = await getJson("/v1/questions");
  } catch (error) {
    showText($("sparql-error"), `无法加载问题 Cannot load the questions: ${error.message}`);
  }
  for (const question of questions) state.questions.set(question.name, question);
  buildExamples(questions);
}

async function start() {
  const results = await Promise.allSettled([loadDrafter(), loadConsole()]);
  const failed = results.filter((r) => r.status === "rejected").map((r) => r.reason.message);
  if (failed.length) showText($("load-error"), `加载失败 Loading failed: ${failed.join("; ")}`);
  document.body.dataset.ready = "true";
}

start();
