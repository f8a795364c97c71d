// No panic reaches JavaScript as a bare trap: it arrives as the same kind of Error as every other
// failure (code "internal"), and the next call works on a fresh instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as engine from '../www/zhuoyue.js';

const root = new URL('../../../', import.meta.url);
engine.initSync({ module: readFileSync(new URL('bindings/wasm/www/pkg/zhuoyue_wasm_bg.wasm', root)) });
const example = readFileSync(new URL('examples/gbt19580-example.json', root), 'utf8');

test('a panic becomes an Error with code "internal", and the next call scores as before', () => {
  const before = engine.score(example, false).total_hundredths;
  assert.equal(before, 46600);
  assert.throws(
    () => engine._panicForTest(),
    (e) => e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && e.code === 'internal'
      && e.item === null && /^internal error, please report it: index out of bounds/.test(e.message),
  );
  assert.equal(engine.score(example, false).total_hundredths, before);
  assert.deepEqual(engine.frameworkIds(), ['gbt19580-2012', 'baldrige-2023-2024', 'efqm-2025']);
  // Ordinary errors are unchanged after the recovery.
  assert.throws(() => engine.score('{"framework": "nope", "items": {}}', true), (e) => e.code === 'unknown-framework');
  // A second panic is handled the same way, and so is a panic as the very first call.
  assert.throws(() => engine._panicForTest(), (e) => e.code === 'internal');
  assert.throws(() => engine._panicForTest(), (e) => e.code === 'internal');
  assert.equal(engine.readiness(example, 'shanghai-quality-gold', 2026, false, '2026-11-26').award, 'shanghai-quality-gold');
});

test('zhuoyue.js guards every function the engine exports', async () => {
  const raw = await import('../www/pkg/zhuoyue_wasm.js');
  const wanted = Object.keys(raw).filter((k) => typeof raw[k] === 'function' && !['default', 'initSync', '__wbg_reset_state'].includes(k));
  assert.ok(wanted.length >= 10);
  for (const name of wanted) {
    assert.equal(typeof engine[name], 'function', `zhuoyue.js lacks ${name}`);
    assert.notEqual(engine[name], raw[name], `zhuoyue.js exports ${name} unguarded`);
  }
});
