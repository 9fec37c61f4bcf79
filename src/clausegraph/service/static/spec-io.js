// A variant spec outside the page: in the address (a shareable link), in a JSON file (save and load),
// and the name of the DOCX built from it. A spec is the JSON object POST /v1/assemble takes: option keys
// (dotted, "employee.name") to values, or the same keys nested ({"employee": {"name": …}}).

const HASH_KEY = "spec";

/** The spec a link carries (#spec=<JSON, percent-encoded>), or null when the link carries none.
 * Throws when the link carries one that is not a JSON object. */
export function specFromHash(hash = window.location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const text = params.get(HASH_KEY);
  if (text === null) return null;
  return parseSpec(text, "the link's spec");
}

/** The page's address with `spec` in its fragment (none for an empty spec). */
export function linkFor(spec, location = window.location) {
  const base = `${location.origin}${location.pathname}${location.search}`;
  if (!Object.keys(spec).length) return base;
  return `${base}#${new URLSearchParams({ [HASH_KEY]: JSON.stringify(spec) })}`;
}

/** Keep the address bar on the current spec, without a new history entry (reloading restores it). */
export function showInAddress(spec) {
  const link = linkFor(spec);
  if (link !== window.location.href) window.history.replaceState(null, "", link);
}

/** A spec read from JSON text: an object, or an error that says what is wrong. */
export function parseSpec(text, what = "the file") {
  let spec;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not JSON (${error.message}); a spec is a JSON object of option keys to values`);
  }
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new Error(`${what} is not a JSON object of option keys to values`);
  }
  return spec;
}

/** A nested spec with dotted keys ({"employee": {"name": "张三"}} → {"employee.name": "张三"}); option keys
 * that are themselves objects do not exist, so every object below the top is a group of keys. */
export function flattenSpec(spec, prefix = "") {
  const flat = {};
  for (const [key, value] of Object.entries(spec)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) Object.assign(flat, flattenSpec(value, name));
    else flat[name] = value;
  }
  return flat;
}

// What no file name may hold on Windows, macOS or Linux: path separators and reserved characters, control
// characters, and the invisible ones that reorder or hide text (bidirectional overrides, zero-width marks).
const UNSAFE = /[\\/:*?"<>|]/g;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
const MAX_NAME = 120; // characters before the extension

/** `text` made safe as a file name (without extension): unsafe characters become "_", invisible ones go,
 * spaces are collapsed, dots and spaces trimmed at the ends, the length capped; `fallback` when nothing is left. */
export function safeFileName(text, fallback = "agreement") {
  let name = String(text).normalize("NFC").replace(INVISIBLE, "").replace(UNSAFE, "_").replace(/\s+/g, " ");
  name = Array.from(name.replace(/^[\s.]+|[\s.]+$/g, "")).slice(0, MAX_NAME).join("").replace(/[\s.]+$/, "");
  if (!name) return fallback;
  return RESERVED.test(name) ? `_${name}` : name;
}

/** The file name of a spec's documents: the agreement's title in the spec's language, then the parties
 * (employer, employee) where the spec names them: 离职保密协议-济南某科技有限公司-张三. */
export function documentBaseName(spec, title) {
  const flat = flattenSpec(spec);
  const heading = flat.language === "en" ? title.en || title.zh : title.zh || title.en;
  const parts = [heading, flat["employer.name"], flat["employee.name"]]
    .map((part) => (typeof part === "string" ? part.trim() : ""))
    .filter(Boolean);
  return safeFileName(parts.join("-"));
}

/** The text of a file the user chose. */
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`cannot read ${file.name}: ${reader.error?.message || "unknown error"}`));
    reader.readAsText(file, "utf-8");
  });
}
