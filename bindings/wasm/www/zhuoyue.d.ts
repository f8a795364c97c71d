// Same signatures as the generated declarations: the guard in zhuoyue.js changes no types.
export * from './pkg/zhuoyue_wasm.js';
export { default } from './pkg/zhuoyue_wasm.js';
