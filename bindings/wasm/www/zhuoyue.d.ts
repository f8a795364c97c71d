// Same signatures as the generated declarations: the guard in zhuoyue.js changes no types.
export * from './pkg/zhuoyue_wasm.js';
export { default } from './pkg/zhuoyue_wasm.js';
// The whole engine's own functions: they throw an Error with code "not-loaded" until `loadFull()`.
export { plan, calibrate, trend, charts, report, dossier, training, addContent } from './pkg/zhuoyue_full.js';
/**
 * Loads the whole engine (a second module: also guidance content, the roadmap, calibration, the
 * trend, charts, the report, the dossier and training). `source`: the module's bytes or a compiled
 * module, as for `initSync`; else it is fetched beside this module.
 */
export function loadFull(source?: BufferSource | WebAssembly.Module): Promise<void>;
/** Whether the whole engine is loaded. */
export function fullLoaded(): boolean;
/** Fetches `content/<id>.json` (guidance per item and profile section) and adds it to the whole
 * engine, loading that first if need be; `framework(id)` carries the guidance after that. */
export function loadContent(id: string): Promise<void>;
import type { Assessment } from './pkg/zhuoyue_wasm.js';
/** Fetches a training exercise (`content/training/<id>.json`): its case study and expert reference. */
export function loadExercise(id: string): Promise<{ id: string, case: Assessment, reference: unknown }>;
