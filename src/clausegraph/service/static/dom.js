// DOM and HTTP helpers shared by the drafter (app.js) and the SPARQL console (console.js).

export const $ = (id) => document.getElementById(id);

/** An element with attributes (text: its text; on…: an event listener) and children. Never parses markup. */
export function el(tag, attrs = {}, ...children) {
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
export function bilingual(zh, en, tag = "span") {
  const parts = [];
  if (zh) parts.push(el(tag, { lang: "zh", class: "zh", text: zh }));
  if (en) parts.push(el(tag, { lang: "en", class: "en", text: en }));
  return parts;
}

export function showText(node, text) {
  node.textContent = text || "";
  node.hidden = !text;
}

export async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** A one-line description of a failed response: the API's error and detail, else the status. */
export function errorText(response, data) {
  if (data && (data.error || data.detail)) {
    const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
    return [data.error, detail].filter(Boolean).join(": ");
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const data = await readJson(response);
  if (!response.ok) throw new Error(errorText(response, data));
  return data;
}

export function postSpec(url, spec) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(spec),
  });
}

/** Offer a blob as a download under a file name. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
