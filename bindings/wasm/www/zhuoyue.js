// The engine's JavaScript API: the functions wasm-bindgen generates, each guarded so that after an
// internal error (an Error with code "internal", which the engine throws instead of trapping) the
// WebAssembly instance is replaced before the error is rethrown. The next call then runs on a fresh
// instance, with the content already loaded added again. Import this module, not pkg/ directly.
//
// Two modules of one engine: the page's engine (pkg/zhuoyue_wasm.js: scoring, checking,
// suggestions and readiness, what a form needs to show its first scores), loaded by `init`, and
// the whole engine (pkg/zhuoyue_full.js: also guidance content, the roadmap, calibration, the
// trend, charts, the report, the dossier and training), loaded by `loadFull` when a page first
// needs one of those. Once the whole engine is loaded it answers every call, so a page that needs
// it from the start calls `loadFull()` alone.
import init, * as raw from './pkg/zhuoyue_wasm.js';

/** Content added so far (by `loadContent`: framework id -> JSON text; by `addContent`: the text),
 * re-added to the whole engine after a reset. */
const contents = new Map();

/** The whole engine (pkg/zhuoyue_full.js), once loaded. */
let full = null;
/** Its loading, while under way: calls made meanwhile wait for the same one. */
let fullLoading = null;

/** `f` of `module`, with the instance replaced after an internal error before it is rethrown. */
function guardIn(module, f) {
  return (...args) => {
    try {
      return f(...args);
    } catch (e) {
      if (e?.code === 'internal') {
        module.__wbg_reset_state();
        if (module === full) for (const json of contents.values()) module.addContent(json);
      }
      throw e;
    }
  };
}

const guard = (f) => guardIn(raw, f);

/**
 * Loads the whole engine, which guidance content, the roadmap, calibration, the trend, charts, the
 * report, the dossier and training need: a second module of the same engine, fetched only by pages
 * that use those (the page's engine stays small). `source` (optional) is the module's bytes or a
 * compiled `WebAssembly.Module`, as for `initSync`; without it `pkg/zhuoyue_full_bg.wasm` is
 * fetched beside this module.
 */
export function loadFull(source) {
  if (full) return Promise.resolve();
  fullLoading ??= (async () => {
    const module = await import('./pkg/zhuoyue_full.js');
    if (source) module.initSync({ module: source });
    else await module.default();
    full = module;
  })().finally(() => { fullLoading = null; });
  return fullLoading;
}

/** Adds content to the whole engine (checked there first: a bad file changes nothing) and keeps it
 * (under `key`) for a reset. */
function keepContent(key, json) {
  guardIn(full, full.addContent)(json);
  contents.set(key, json);
}

/** Whether the whole engine is loaded (its functions then answer at once). */
export const fullLoaded = () => full !== null;

/** The whole engine, for `name()`: an Error with code "not-loaded" until `loadFull()` is done. */
function whole(name) {
  if (!full) throw Object.assign(new Error(`${name}() is in the whole engine: await loadFull() first`), { code: 'not-loaded' });
  return full;
}

/** A function of the whole engine alone. */
function fromFull(name) {
  return (...args) => {
    const module = whole(name);
    return guardIn(module, module[name])(...args);
  };
}

/**
 * Fetches a framework's guidance (what each item and profile section asks: `content/<id>.json`
 * beside this module, so bundlers copy it) and adds it to the whole engine, which it loads if it
 * is not yet; `framework(id)` carries `guidance` after that. Kept out of the .wasm so a page pays
 * for it only when it shows it.
 */
export async function loadContent(id) {
  if (contents.has(id)) return;
  if (!/^[a-z0-9._-]{1,64}$/.test(id)) throw Object.assign(new Error(`unknown framework \`${id}\``), { code: 'unknown-framework' });
  const [response] = await Promise.all([fetch(new URL(`./content/${id}.json`, import.meta.url)), loadFull()]);
  if (!response.ok) throw Object.assign(new Error(`content/${id}.json: HTTP ${response.status}`), { code: 'content' });
  const json = await response.text();
  if (!contents.has(id)) keepContent(id, json);
}

/**
 * Fetches a training exercise (`content/training/<id>.json`: the case study and the expert
 * reference) for the widget's training mode; the reference is shown only after submitting.
 */
export async function loadExercise(id) {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw Object.assign(new Error(`unknown exercise \`${id}\``), { code: 'content' });
  const response = await fetch(new URL(`./content/training/${id}.json`, import.meta.url));
  if (!response.ok) throw Object.assign(new Error(`content/training/${id}.json: HTTP ${response.status}`), { code: 'content' });
  return response.json();
}

export default init;
export const initSync = raw.initSync;
/** A function both engines have: the whole engine answers once it is loaded (so a page that
 * starts with it needs no other), else the page's engine. */
const either = (name) => (...args) => (full ? guardIn(full, full[name]) : guard(raw[name]))(...args);
export const frameworkIds = either('frameworkIds');
/** A framework: from the whole engine once it is loaded (with the guidance content added). */
export const framework = either('framework');
export const awards = either('awards');
export const score = either('score');
export const validate = either('validate');
export const suggest = either('suggest');
export const readiness = either('readiness');
export const limits = either('limits');
export const sectors = either('sectors');
export const plan = fromFull('plan');
export const calibrate = fromFull('calibrate');
export const trend = fromFull('trend');
export const charts = fromFull('charts');
export const report = fromFull('report');
export const dossier = fromFull('dossier');
export const training = fromFull('training');
/** Adds a content file's text (the whole engine: "not-loaded" before `loadFull()`). */
export function addContent(json) {
  whole('addContent');
  keepContent(json, json);
}
export const _panicForTest = guard(raw._panicForTest);
export const _panicForTestFull = fromFull('_panicForTest');
