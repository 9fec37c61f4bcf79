// The SPARQL console: YASGUI (static/vendor/yasgui/) on the service's own read-only endpoint, with the
// project's prefixes for completion and for the result table, a chart view (yasr-chart.js), the starter
// queries of queries/console/*.rq and the named competency questions as examples. The page holds no
// SPARQL of its own: prefixes and starters come from GET /v1/examples, questions from GET /v1/questions.
//
// Nothing the console does leaves the machine: YASQE's class and property completers (which ask
// lov.linkeddata.es) are off, prefix completion reads the project's prefixes instead of prefix.cc, and the
// endpoint list names only this service (the page's Content-Security-Policy allows nothing else).

import { $, bilingual, el, getJson, showText } from "./dom.js";
import { ChartPlugin } from "./yasr-chart.js";

const state = {
  yasgui: null,
  prefixes: {},
  starters: [],
  questions: new Map(),
};

let resolvePrefixes;
const prefixesLoaded = new Promise((resolve) => (resolvePrefixes = resolve));

/** Create YASGUI in #yasgui. Synchronous on purpose: YASGUI reads (and clears) a shared query link in the
 * address (#query=…) as it starts, before the drafter writes its spec there. */
export function createConsole() {
  const Yasgui = window.Yasgui;
  if (!Yasgui) throw new Error("the SPARQL editor (static/vendor/yasgui/yasgui.min.js) did not load");
  const endpoint = new URL("/sparql", window.location.href).href;
  const Yasqe = Yasgui.Yasqe;
  // project prefixes for "PREFIX c<Ctrl-Space>" and for the automatic PREFIX line when "cg:" is typed
  Yasqe.registerAutocompleter({
    ...Yasqe.Autocompleters.prefixes,
    get: () => prefixesLoaded.then((prefixes) => Object.entries(prefixes).map(([p, ns]) => `${p}: <${ns}>`).sort()),
    persistenceId: () => undefined, // read from /v1/examples on each load, never a stale copy in localStorage
  });
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasqe.defaults.value = "";
  Yasgui.Yasr.registerPlugin("chart", ChartPlugin);
  state.yasgui = new Yasgui($("yasgui"), {
    requestConfig: { endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    copyEndpointOnNewTab: true,
    persistenceId: null, // the page keeps no console state between loads; a tab's share link carries a query
    autofocus: false,
    yasr: { prefixes: () => state.prefixes },
  });
  return state.yasgui;
}

export function currentTab() {
  return state.yasgui?.getTab();
}

/** Load the examples and questions, then fill the examples menu. */
export async function loadConsole() {
  $("run-question").addEventListener("click", runQuestion);
  $("examples").addEventListener("change", onExampleChange);
  let questions = [];
  try {
    const examples = await getJson("/v1/examples");
    state.prefixes = examples.prefixes;
    state.starters = examples.examples;
    questions = await getJson("/v1/questions");
  } catch (error) {
    showText($("sparql-error"), `无法加载问题 Cannot load the questions: ${error.message}`);
  } finally {
    resolvePrefixes(state.prefixes);
  }
  for (const question of questions) state.questions.set(question.name, question);
  buildExamples(questions);
  const tab = currentTab();
  if (tab && !tab.getQuery().trim() && state.starters.length) showStarter(state.starters[0]);
  else describeSelection();
}

function buildExamples(questions) {
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
  $("examples").replaceChildren(starters, asked);
  if (state.starters.length) $("examples").value = `starter:${state.starters[0].name}`;
}

function onExampleChange() {
  const value = $("examples").value;
  const question = state.questions.get(value);
  if (question) return chooseQuestion(question);
  const starter = state.starters.find((s) => `starter:${s.name}` === value);
  if (starter) showStarter(starter);
}

function describeSelection() {
  const starter = state.starters.find((s) => `starter:${s.name}` === $("examples").value);
  if (starter) $("question-info").replaceChildren(...bilingual(starter.question_zh, starter.question_en));
}

function showStarter(starter) {
  currentTab()?.setQuery(starter.query);
  $("examples").value = `starter:${starter.name}`;
  $("question-info").replaceChildren(...bilingual(starter.question_zh, starter.question_en));
  $("question-params").hidden = true;
  $("run-question").disabled = true;
  showText($("sparql-error"), "");
}

function chooseQuestion(question) {
  // the question's own file; YASGUI's run button runs it with its parameters unbound, "Run question" binds them
  currentTab()?.setQuery(question.query);
  const scope = question.scope ? [`范围 scope: ${question.scope}`] : [];
  $("question-info").replaceChildren(
    ...bilingual(question.question_zh, question.question_en, "p"),
    ...(question.row ? [el("p", { class: "row-doc", text: `每行 Each row: ${question.row}` })] : []),
    ...scope.map((text) => el("p", { class: "row-doc", text })),
  );
  renderParams(question);
  $("run-question").disabled = false;
  showText($("sparql-error"), "");
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

/** GET /v1/questions/NAME with the parameters given: its answer (SPARQL JSON) in the current tab's results. */
async function runQuestion() {
  const name = $("examples").value;
  if (!state.questions.has(name)) return;
  const params = new URLSearchParams();
  for (const input of $("question-params-fields").querySelectorAll("input")) {
    if (input.value.trim() !== "") params.set(input.name, input.value.trim());
  }
  const query = params.toString();
  const button = $("run-question");
  button.disabled = true;
  showText($("sparql-error"), "");
  $("question-status").textContent = "运行中… running…";
  const started = performance.now();
  try {
    const data = await getJson(`/v1/questions/${encodeURIComponent(name)}${query ? `?${query}` : ""}`);
    const rows = data.results?.results?.bindings?.length ?? 0;
    currentTab()
      ?.getYasr()
      .setResponse({ data: JSON.stringify(data.results), contentType: "application/sparql-results+json", status: 200 }, Math.round(performance.now() - started));
    $("question-status").textContent = `${name}: ${rows} 行 rows`;
  } catch (error) {
    $("question-status").textContent = "";
    showText($("sparql-error"), `问题失败 Question failed: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}
