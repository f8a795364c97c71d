// The engine's JavaScript API: the functions wasm-bindgen generates (pkg/zhuoyue_wasm.js), each
// guarded so that after an internal error (an Error with code "internal", which the engine throws
// instead of trapping) the WebAssembly instance is replaced before the error is rethrown. The
// next call then runs on a fresh instance. Import this module, not pkg/ directly.
import init, * as raw from './pkg/zhuoyue_wasm.js';

function guard(f) {
  return (...args) => {
    try {
      return f(...args);
    } catch (e) {
      if (e?.code === 'internal') raw.__wbg_reset_state();
      throw e;
    }
  };
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
export const charts = guard(raw.charts);
export const limits = guard(raw.limits);
export const sectors = guard(raw.sectors);
export const _panicForTest = guard(raw._panicForTest);
