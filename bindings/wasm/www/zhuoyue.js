// The engine's JavaScript API: the functions wasm-bindgen generates (pkg/zhuoyue_wasm.js), each
// guarded so that after an internal error (an Error with code "internal", which the engine throws
// instead of trapping) the WebAssembly instance is replaced before the error is rethrown. The
// next call then runs on a fresh instance, with the content already loaded added again. Import
// this module, not pkg/ directly.
import init, * as raw from './pkg/zhuoyue_wasm.js';

/** Content files added so far (framework id -> JSON text), re-added after a reset. */
const contents = new Map();

function guard(f) {
  return (...args) => {
    try {
      return f(...args);
    } catch (e) {
      if (e?.code === 'internal') {
        raw.__wbg_reset_state();
        for (const json of contents.values()) raw.addContent(json);
      }
      throw e;
    }
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
  guard(raw.addContent)(json);
  contents.set(id, json);
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
export const report = guard(raw.report);
export const dossier = guard(raw.dossier);
export const charts = guard(raw.charts);
export const calibrate = guard(raw.calibrate);
export const trend = guard(raw.trend);
export const training = guard(raw.training);
export const limits = guard(raw.limits);
export const sectors = guard(raw.sectors);
export const addContent = guard(raw.addContent);
export const _panicForTest = guard(raw._panicForTest);
