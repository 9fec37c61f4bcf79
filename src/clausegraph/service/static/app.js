// The drafter page: an option form built from GET /v1/variants (choices shown by their labels), a live
// preview of the assembled agreement (formatted HTML in a sandboxed frame, or plain text), the legal-limit
// messages beside the options they concern, the legal review's findings beside the preview (POST
// /v1/review) with a one-click fix where an option fixes one, the spec saved to and loaded from a JSON
// file or a link (#spec=… in the address, kept current as the form changes), a DOCX download named after
// the parties, and the SPARQL console (console.js). Plain ES modules, no build step; the vendored YASGUI
// and Chart.js are the only libraries.

import { $, bilingual, el, errorText, getJson, postSpec, readJson, saveBlob, showText } from "./dom.js";
import { createConsole, loadConsole } from "./console.js";
import { documentBaseName, flattenSpec, parseSpec, readFile, showInAddress, specFromHash } from "./spec-io.js";

const DEBOUNCE_MS = 250;
const PREVIEW_FORMATS = { html: "text/html", txt: "text/plain" };

const state = {
  options: [],
  title: { zh: "", en: "" },
  seq: 0, // the newest preview request; older answers are dropped
  lastKey: null, // the spec (and preview format) last sent, to skip a refresh that would send it again
  timer: null,
  hasPreview: false,
};

const fieldId = (key) => key.replaceAll(".", "-");
const inputOf = (key) => $(`opt-${fieldId(key)}`);
const messageOf = (key) => $(`msg-${fieldId(key)}`);

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

/** A choice's text in the menu: its labels from the graph (zh / en), else its value. */
function choiceText(choice) {
  const text = [choice.label_zh, choice.label_en].filter(Boolean).join(" / ");
  return text || choice.value;
}

function buildInput(option) {
  const allowed = option.allowed || [];
  if (option.type === "boolean") {
    return el("input", { type: "checkbox", checked: option.default === true });
  }
  if (allowed.length) {
    const choices = option.choices?.length ? option.choices : allowed.map((value) => ({ value }));
    const select = el("select", {}, ...choices.map((c) => el("option", { value: c.value, title: c.value, text: choiceText(c) })));
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


// ---------------------------------------------------------------- a spec into the form (a link or a file)

/** The form's value for an option from a spec value, or an error that says what is wrong with it. */
function formValue(option, value) {
  const wrong = (what) => new Error(`${option.key}: ${JSON.stringify(value)} is not ${what}`);
  if (value === undefined || value === null) return option.type === "list" ? [] : option.default ?? "";
  if (option.type === "boolean") {
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    throw wrong("true or false");
  }
  if (option.type === "list") {
    if (Array.isArray(value)) return value.map(String);
    if (typeof value === "string" || typeof value === "number") return String(value).split(/[\s,，、;；]+/).filter(Boolean);
    throw wrong("a list of provision numbers");
  }
  if ((option.allowed || []).length && !option.allowed.includes(String(value))) throw wrong(`one of ${option.allowed.join(", ")}`);
  if (typeof value === "object") throw wrong(option.type === "integer" ? "a whole number" : "text");
  return value;
}

/** Fill the form from a spec (options it does not name take their defaults). Nothing changes when the
 * spec names an option the template lacks or gives a value the form cannot hold: the error says which. */
function applySpec(spec) {
  const flat = flattenSpec(spec);
  const known = new Set(state.options.map((o) => o.key));
  const unknown = Object.keys(flat).filter((key) => !known.has(key));
  if (unknown.length) {
    throw new Error(`unknown option ${unknown.join(", ")}; the options are ${[...known].join(", ")}`);
  }
  const values = state.options.map((option) => [option, formValue(option, flat[option.key])]);
  for (const [option, value] of values) {
    const input = inputOf(option.key);
    if (option.type === "boolean") input.checked = value === true;
    else if (option.type === "list") input.value = value.join(", ");
    else input.value = value === null || value === undefined ? "" : String(value);
  }
  state.lastKey = null;
  return refresh();
}

function setSpecStatus(text, kind = "") {
  const status = $("spec-status");
  status.className = `status ${kind}`;
  status.textContent = text;
}

/** Save the form's spec as a JSON file (the body POST /v1/assemble takes). */
function saveSpec() {
  const { spec } = readSpec();
  const name = `${documentBaseName(spec, state.title)}.json`;
  saveBlob(new Blob([`${JSON.stringify(spec, null, 2)}\n`], { type: "application/json" }), name);
  setSpecStatus(`已保存 ${name} · saved ${name}`, "ok");
}

/** Load a spec from the JSON file the user chose. */
async function loadSpecFile(event) {
  const file = event.target.files?.[0];
  event.target.value = ""; // choosing the same file again loads it again
  if (!file) return;
  try {
    await applySpec(parseSpec(await readFile(file), file.name));
    setSpecStatus(`已载入 ${file.name} · loaded ${file.name}`, "ok");
  } catch (error) {
    setSpecStatus(`无法载入 Cannot load ${file.name}: ${error.message}`, "stale");
  }
}

/** Copy the page's link (the address, which holds the spec) to the clipboard. */
async function copyLink() {
  showInAddress(readSpec().spec);
  try {
    await navigator.clipboard.writeText(window.location.href);
    setSpecStatus("已复制链接 · link copied", "ok");
  } catch {
    setSpecStatus("无法访问剪贴板：请复制地址栏 · cannot reach the clipboard: copy the address bar", "stale");
  }
}

/** A spec in the address when it changes after load (a pasted link); YASGUI clearing its own link is no spec. */
async function onHashChange() {
  try {
    const spec = specFromHash();
    if (spec) await applySpec(spec);
  } catch (error) {
    setSpecStatus(`链接中的规格无法使用 The link's spec cannot be used: ${error.message}`, "stale");
  }
}

// ---------------------------------------------------------------- the preview

function previewFormat() {
  return $("preview-format").value in PREVIEW_FORMATS ? $("preview-format").value : "html";
}

function setPreviewStatus(zh, en, kind = "") {
  const status = $("preview-status");
  status.className = `status ${kind}`;
  status.replaceChildren(...bilingual(zh, en));
}

/** Show an assembled document: HTML in the sandboxed frame (no scripts, an opaque origin: the service's
 * HTML is autoescaped, and even so it never joins this page's DOM), text in the <pre>. */
function showPreview(body, format) {
  const preview = $("preview");
  const frame = $("preview-html");
  const text = $("preview-text");
  if (format === "html") {
    frame.srcdoc = body;
    text.textContent = "";
  } else {
    text.textContent = body;
    frame.srcdoc = "";
  }
  frame.hidden = format !== "html";
  text.hidden = format === "html";
  preview.dataset.format = format;
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

/** POST /v1/assemble?format=…: the document, or the refusal (422) with its violations. */
async function assembleDocument(spec, format) {
  const response = await postSpec(`/v1/assemble?format=${format}`, spec);
  if (response.ok) return { body: await response.text() };
  const refusal = await readJson(response);
  if (response.status !== 422 || !refusal) throw new Error(errorText(response, refusal));
  return { refusal };
}

/** Check, then (when valid) assemble the current spec; show the document, or keep the last good one
 * marked stale. One request at a time: a refused variant needs no assembly. Every change of the spec
 * also goes to the address (a link that restores it) and clears a download message about the old one. */
async function refresh() {
  const { spec, localIssues } = readSpec();
  const format = previewFormat();
  const key = JSON.stringify({ spec, localIssues, format });
  if (key === state.lastKey) return; // e.g. the change event after the input events
  state.lastKey = key;
  showInAddress(spec);
  showText($("download-status"), ""); // a download message is about the form as it was
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
    const { body, refusal } = check.valid ? await assembleDocument(spec, format) : {};
    const review = await reviewSpec(spec);
    if (seq !== state.seq) return;
    renderReview(review);
    showIssues(collectIssues(check, refusal));
    if (typeof body === "string") showPreview(body, format);
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

async function downloadDocx() {
  const status = $("download-status");
  const { spec, localIssues } = readSpec();
  if (localIssues.length) {
    showIssues(localIssues);
    showText(status, "输入有误，无法下载。 Fix the input first.");
    return;
  }
  const button = $("download-docx");
  const filename = `${documentBaseName(spec, state.title)}.docx`;
  button.disabled = true;
  showText(status, "正在生成 DOCX… generating DOCX…");
  try {
    const response = await postSpec("/v1/assemble?format=docx", spec);
    if (!response.ok) {
      const data = await readJson(response);
      if (data?.violations) showIssues(collectIssues(null, data));
      showText(status, `无法下载 Cannot download: ${errorText(response, data)}`);
      return;
    }
    saveBlob(await response.blob(), filename);
    showText(status, `已下载 ${filename} · downloaded ${filename}`);
  } catch (error) {
    showText(status, `无法下载 Cannot download: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- start

async function loadDrafter(linked) {
  const variants = await getJson("/v1/variants");
  state.options = variants.options || [];
  if (variants.title) {
    state.title = variants.title;
    $("title-zh").textContent = variants.title.zh || "";
    $("title-en").textContent = variants.title.en ? `${variants.title.en} — drafter` : "drafter";
    document.title = `${variants.title.zh || ""} · ${variants.title.en || ""} — clausegraph`;
  }
  buildForm(state.options);
  $("download-docx").addEventListener("click", downloadDocx);
  $("preview-format").addEventListener("change", scheduleRefresh);
  $("save-spec").addEventListener("click", saveSpec);
  $("spec-file").addEventListener("change", loadSpecFile);
  $("copy-link").addEventListener("click", copyLink);
  window.addEventListener("hashchange", onHashChange);
  if (linked.error) setSpecStatus(`链接中的规格无法使用 The link's spec cannot be used: ${linked.error}`, "stale");
  if (linked.spec) {
    try {
      await applySpec(linked.spec);
      setSpecStatus("已按链接填写 · filled in from the link", "ok");
      return;
    } catch (error) {
      setSpecStatus(`链接中的规格无法使用 The link's spec cannot be used: ${error.message}`, "stale");
    }
  }
  await refresh();
}

async function start() {
  // read the link's spec before YASGUI starts: YASGUI clears the address's fragment as it reads its own link
  const linked = {};
  try {
    linked.spec = specFromHash();
  } catch (error) {
    linked.error = error.message;
  }
  const failed = [];
  try {
    createConsole();
  } catch (error) {
    failed.push(error.message);
  }
  const results = await Promise.allSettled([loadDrafter(linked), loadConsole()]);
  failed.push(...results.filter((r) => r.status === "rejected").map((r) => r.reason.message));
  if (failed.length) showText($("load-error"), `加载失败 Loading failed: ${failed.join("; ")}`);
  document.body.dataset.ready = "true";
}

start();
