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

test('zhuoyue.js guards every function of both modules', async () => {
  for (const module of ['zhuoyue_wasm', 'zhuoyue_full']) {
    const raw = await import(`../www/pkg/${module}.js`);
    const wanted = Object.keys(raw).filter((k) => typeof raw[k] === 'function' && !['default', 'initSync', '__wbg_reset_state'].includes(k));
    assert.ok(wanted.length >= 10);
    for (const name of wanted) {
      assert.equal(typeof engine[name], 'function', `zhuoyue.js lacks ${module}'s ${name}`);
      assert.notEqual(engine[name], raw[name], `zhuoyue.js exports ${module}'s ${name} unguarded`);
    }
  }
});

test('the whole engine: "not-loaded" until loadFull(), then content, the roadmap, calibration, the trend, charts, the report, the dossier and training', async () => {
  const page = await import('../www/pkg/zhuoyue_wasm.js');
  const wholeOnly = ['addContent', 'plan', 'calibrate', 'trend', 'charts', 'report', 'dossier', 'training'];
  for (const name of wholeOnly) assert.equal(page[name], undefined, `${name} in the page's engine`);
  const content = readFileSync(new URL('bindings/wasm/www/content/gbt19580-2012.json', root), 'utf8');
  assert.equal(engine.fullLoaded(), false);
  const calls = [
    () => engine.addContent(content),
    () => engine.plan(example, undefined, 'shanghai-quality-gold', undefined, false),
    () => engine.calibrate(example, false),
    () => engine.trend('[]', 'zh', '2026-11-26'),
    () => engine.charts(example, false, 'zh'),
    () => engine.dossier(example, 'shanghai-quality-gold', 'zh', false, '2026-11-26'),
  ];
  for (const call of calls) assert.throws(call, (e) => e.code === 'not-loaded' && /loadFull/.test(e.message));
  const asks = '高层领导如何确定使命、愿景和价值观，并在组织内贯彻？';
  const guidance = () => engine.framework('gbt19580-2012').categories[0].items[0].guidance;
  assert.equal(guidance(), undefined, 'the page engine carries no guidance');
  const bytes = readFileSync(new URL('bindings/wasm/www/pkg/zhuoyue_full_bg.wasm', root));
  await Promise.all([engine.loadFull(bytes), engine.loadFull(bytes)]); // two at once: one load
  await engine.loadFull(); // once loaded, again is nothing
  assert.equal(engine.fullLoaded(), true);
  engine.addContent(content);
  assert.equal(guidance().zh[0], asks, 'framework() answers from the whole engine, with the content');
  assert.ok(engine.dossier(example, 'shanghai-quality-gold', 'zh', false, '2026-11-26').includes(asks));
  assert.match(engine.report(example, 'shanghai-quality-gold', 2026, 'en', false, false, '2026-11-26'), /<html/);
  assert.equal(engine.plan(example, undefined, 'shanghai-quality-gold', undefined, false).plan.cycle_count > 0, true);
  assert.ok(engine.calibrate(example, false).range.high_hundredths >= engine.calibrate(example, false).range.low_hundredths);
  // Its errors and its panics are handled as the page engine's are: after a reset, the content
  // added is there again.
  assert.throws(() => engine.report('{', undefined, 2026, 'en', false, false, '2026-11-26'), (e) => e.code === 'syntax');
  assert.throws(() => engine._panicForTestFull(), (e) => e.code === 'internal');
  assert.equal(guidance().zh[0], asks);
  // A bad content file is refused by the whole engine and changes nothing.
  assert.throws(() => engine.addContent('{"framework": "gbt19580-2012"}'), (e) => typeof e.code === 'string' && e.code !== 'internal');
  assert.equal(guidance().zh[0], asks);
  assert.equal(engine.score(example, false).total_hundredths, 46600);
});
