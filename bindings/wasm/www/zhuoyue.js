// The engine's JavaScript API: the functions wasm-bindgen generates (pkg/zhuoyue_wasm.js), each
// guarded so that after an internal error (an Error with code "internal", which the engine throws
// instead of trapping) the WebAssembly instance is replaced before the error is rethrown. The
// next call then runs on a fresh instance, with the content already loaded added again. Import
// this module, not pkg/ directly.
import init, * as raw from './pkg/zhuoyue_wasm.js';

/** Content added so far (by `loadContent`: framework id -> JSON text; by `addContent`: the text),
 * re-added after a reset and to the whole engine when it is loaded. */
const contents = new Map();

/** The whole engine (pkg/zhuoyue_full.js: also the report, the dossier and training), once loaded. */
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
        for (const json of contents.values()) module.addContent(json);
      }
      throw e;
    }
  };
}

const guard = (f) => guardIn(raw, f);

/**
 * Loads the whole engine, which the report, the dossier and training need: a second module of
 * the same engine, fetched only by pages that use those (the page's engine stays small). `source`
 * (optional) is the module's bytes or a compiled `WebAssembly.Module`, as for `initSync`; without
 * it `pkg/zhuoyue_full_bg.wasm` is fetched beside this module. Content already loaded is added.
 */
export function loadFull(source) {
  if (full) return Promise.resolve();
  fullLoading ??= (async () => {
    const module = await import('./pkg/zhuoyue_full.js');
    if (source) module.initSync({ module: source });
    else await module.default();
    for (const json of contents.values()) module.addContent(json);
    full = module;
  })().finally(() => { fullLoading = null; });
  return fullLoading;
}

/** Adds content to every engine loaded, and keeps it (under `key`) for a reset or a later load. */
function keepContent(key, json) {
  guard(raw.addContent)(json);
  if (full) guardIn(full, full.addContent)(json);
  contents.set(key, json);
}

/** A function of the whole engine: an Error with code "not-loaded" until `loadFull()` is done. */
function fromFull(name) {
  return (...args) => {
    if (!full) {
      throw Object.assign(new Error(`${name}() is in the whole engine: await loadFull() first`), { code: 'not-loaded' });
    }
    return guardIn(full, full[name])(...args);
  };
}

/**
 * Fetches a framework's guidance (what each item and profile section asks: `content/<id>.json`
 * beside this module, so bundlers copy it) and adds it to the engine; `framework(id)` carries
 * `guidance` after that. Kept out of the .wasm so a page pays for it only when it shows it.
 */
export async function loadContent(id) {
  if (contents.has(id)) return;
  if (!/^[a-z0-9._-]{1,64}$/.test(id)) throw Object.assign(new Error(`unknown framework \`${id}\``), { code: 'unknown-framework' });
  const response = await fetch(new URL(`./content/${id}.json`, import.meta.url));
  if (!response.ok) throw Object.assign(new Error(`content/${id}.json: HTTP ${response.status}`), { code: 'content' });
  const json = await response.text();
  keepContent(id, json);
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
export const frameworkIds = guard(raw.frameworkIds);
export const framework = guard(raw.framework);
export const awards = guard(raw.awards);
export const score = guard(raw.score);
export const validate = guard(raw.validate);
export const suggest = guard(raw.suggest);
export const readiness = guard(raw.readiness);
export const plan = guard(raw.plan);
export const report = fromFull('report');
export const dossier = fromFull('dossier');
export const charts = guard(raw.charts);
export const calibrate = guard(raw.calibrate);
export const trend = guard(raw.trend);
export const training = fromFull('training');
export const limits = guard(raw.limits);
export const sectors = guard(raw.sectors);
export function addContent(json) {
  keepContent(json, json);
}
export const _panicForTest = guard(raw._panicForTest);
