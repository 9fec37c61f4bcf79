// A YASR plugin that draws a SELECT result as a chart with Chart.js (static/vendor/chart.js/): one numeric
// column by a label column, as bars, a line or a pie. YASR's own chart plugin loads Google Charts from
// the web; this one draws with the vendored library, so the console works offline. Registered by
// console.js with Yasr.registerPlugin("chart", ChartPlugin).

const NUMERIC = new Set(
  ["integer", "decimal", "double", "float", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"]
    .map((name) => `http://www.w3.org/2001/XMLSchema#${name}`),
);
const KINDS = [
  ["bar", "柱状图 bar"],
  ["line", "折线图 line"],
  ["pie", "饼图 pie"],
];
const MAX_POINTS = 500; // a chart of more points says nothing a table would not say better

function isNumber(term) {
  return term && term.type !== "uri" && term.type !== "bnode" && NUMERIC.has(term.datatype) && Number.isFinite(Number(term.value));
}

function option(value, text, selected) {
  const node = document.createElement("option");
  node.value = value;
  node.textContent = text;
  node.selected = selected;
  return node;
}

function labelled(text, control) {
  const label = document.createElement("label");
  label.className = "chart-control";
  label.append(`${text} `, control);
  return label;
}

export class ChartPlugin {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 5; // below the table: a chart is chosen, never the default
    this.label = "Chart";
    this.chart = null;
    this.config = {};
  }

  /** The result's variables split into those whose every bound value is a number and the others. */
  columns() {
    const vars = this.yasr.results?.getVariables() || [];
    const rows = this.yasr.results?.getBindings() || [];
    const numeric = vars.filter((v) => rows.some((r) => r[v]) && rows.every((r) => !r[v] || isNumber(r[v])));
    return { vars, rows, numeric };
  }

  canHandleResults() {
    if (!this.yasr.results || this.yasr.results.getType?.() === "ttl" || this.yasr.results.getBoolean?.() !== undefined) return false;
    const { rows, numeric } = this.columns();
    return rows.length > 0 && rows.length <= MAX_POINTS && numeric.length > 0;
  }

  text(term) {
    if (!term) return "";
    if (term.type === "uri") {
      const prefixes = this.yasr.getPrefixes() || {};
      let best = null;
      for (const [prefix, ns] of Object.entries(prefixes)) {
        if (term.value.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
      }
      return best ? `${best[0]}:${term.value.slice(best[1].length)}` : term.value;
    }
    return term.value;
  }

  draw(persistentConfig) {
    this.config = { ...this.config, ...(persistentConfig || {}) };
    const { vars, rows, numeric } = this.columns();
    const value = numeric.includes(this.config.value) ? this.config.value : numeric[0];
    const labels = vars.filter((v) => v !== value);
    const label = labels.includes(this.config.label) ? this.config.label : labels.find((v) => !numeric.includes(v)) || labels[0] || null;
    const kind = KINDS.some(([k]) => k === this.config.kind) ? this.config.kind : "bar";

    const valueSelect = document.createElement("select");
    valueSelect.className = "chart-value";
    valueSelect.append(...numeric.map((v) => option(v, v, v === value)));
    const labelSelect = document.createElement("select");
    labelSelect.className = "chart-label";
    labelSelect.append(option("", "(行号 row)", label === null), ...labels.map((v) => option(v, v, v === label)));
    const kindSelect = document.createElement("select");
    kindSelect.className = "chart-kind";
    kindSelect.append(...KINDS.map(([k, text]) => option(k, text, k === kind)));
    const redraw = () => {
      this.config = { value: valueSelect.value, label: labelSelect.value || null, kind: kindSelect.value };
      this.yasr.storePluginConfig("chart", this.config);
      this.destroy();
      this.yasr.resultsEl.replaceChildren();
      this.draw(this.config);
    };
    for (const select of [valueSelect, labelSelect, kindSelect]) select.addEventListener("change", redraw);
    const controls = document.createElement("div");
    controls.className = "chart-controls";
    controls.append(labelled("数值 value", valueSelect), labelled("标签 label", labelSelect), labelled("图形 kind", kindSelect));

    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", `${kind} chart of ${value}${label ? ` by ${label}` : ""}`);
    const box = document.createElement("div");
    box.className = "chart-box";
    box.append(canvas);
    this.yasr.resultsEl.append(controls, box);

    const points = rows.map((row, i) => ({ label: label ? this.text(row[label]) : String(i + 1), y: row[value] ? Number(row[value].value) : null }));
    if (!window.Chart) {
      box.textContent = "Chart.js did not load (static/vendor/chart.js/chart.umd.min.js)";
      return;
    }
    this.chart = new window.Chart(canvas, {
      type: kind,
      data: {
        labels: points.map((p) => p.label),
        datasets: [{ label: value, data: points.map((p) => p.y) }],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: kind === "pie" } },
        scales: kind === "pie" ? {} : { x: { ticks: { autoSkip: true, maxRotation: 60 } }, y: { beginAtZero: true } },
      },
    });
  }

  destroy() {
    this.chart?.destroy();
    this.chart = null;
  }

  getIcon() {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "15");
    svg.setAttribute("height", "15");
    for (const [x, h] of [[1, 7], [6, 11], [11, 4]]) {
      const bar = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      bar.setAttribute("x", String(x));
      bar.setAttribute("y", String(15 - h));
      bar.setAttribute("width", "4");
      bar.setAttribute("height", String(h));
      bar.setAttribute("fill", "currentColor");
      svg.append(bar);
    }
    return svg;
  }

  download() {
    if (!this.chart) return undefined;
    return {
      contentType: "image/png",
      getData: () => this.chart.toBase64Image(),
      filename: "chart.png",
      title: "Download the chart as PNG",
    };
  }
}
