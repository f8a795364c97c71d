// Same signatures as the generated declarations: the guard in zhuoyue.js changes no types.
export * from './pkg/zhuoyue_wasm.js';
export { default } from './pkg/zhuoyue_wasm.js';
/** Fetches `content/<id>.json` (guidance per item and profile section) and adds it to the engine. */
export function loadContent(id: string): Promise<void>;
import type { Assessment } from './pkg/zhuoyue_wasm.js';
/** Fetches a training exercise (`content/training/<id>.json`): its case study and expert reference. */
export function loadExercise(id: string): Promise<{ id: string, case: Assessment, reference: unknown }>;
