// The shared conformance vectors give the same numbers in JavaScript as in Rust and Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as engine from '../www/zhuoyue.js';

const root = new URL('../../../', import.meta.url);
engine.initSync({ module: readFileSync(new URL('bindings/wasm/www/pkg/zhuoyue_wasm_bg.wasm', root)) });
// The report is in the whole engine, the second module.
await engine.loadFull(readFileSync(new URL('bindings/wasm/www/pkg/zhuoyue_full_bg.wasm', root)));
const read = (name) => JSON.parse(readFileSync(new URL(`tests/vectors/${name}`, root), 'utf8'));

test('scoring vectors of every framework', () => {
  const files = readdirSync(new URL('tests/vectors/', root)).filter((f) => f.endsWith('.scores.json'));
  assert.ok(files.length >= 3);
  let all = 0;
  for (const name of files) {
    const file = read(name);
    let ran = 0;
    for (const c of file.cases) {
      checkCase(c);
      ran += 1;
    }
    assert.equal(ran, file.count);
    all += ran;
  }
  assert.ok(all >= 77 + 43 + 51);
});

function checkCase(c) {
  {
    const card = engine.score(JSON.stringify(c.assessment), c.partial);
    const e = c.expect;
    assert.equal(card.total_hundredths, e.total_hundredths, c.name);
    assert.equal(card.process.score_hundredths, e.process_hundredths, c.name);
    assert.equal(card.results.score_hundredths, e.results_hundredths, c.name);
    assert.deepEqual(Object.fromEntries(card.categories.map((x) => [x.id, x.score_hundredths])), e.categories_hundredths, c.name);
    assert.deepEqual(Object.fromEntries(card.items.map((x) => [x.id, x.score_hundredths])), e.items_hundredths, c.name);
    assert.equal(card.band, e.band, c.name);
    assert.deepEqual(card.missing, e.missing, c.name);
    assert.deepEqual(card.warnings, e.warnings, c.name);
  }
}

test('error vectors become Errors with code and item', () => {
  const file = read('errors.json');
  let ran = 0;
  for (const c of file.cases) {
    if (c.format !== 'json') continue; // the browser speaks JSON; TOML cases are counted below
    assert.throws(() => engine.score(c.input, false), (err) => {
      assert.ok(err instanceof Error, c.name);
      assert.equal(err.code, c.code, `${c.name}: ${err.message}`);
      assert.equal(err.item, c.item ?? null, `${c.name}: ${err.message}`);
      return true;
    });
    ran += 1;
  }
  const toml = file.cases.filter((c) => c.format === 'toml').length;
  assert.equal(ran + toml, file.count);
  assert.ok(ran >= 29);
});

test('trend: snapshots as one JSON array, each named by its date; a bad array or snapshot is refused', () => {
  const example = JSON.parse(readFileSync(new URL('examples/gbt19580-example.json', root), 'utf8'));
  const year = (date, percent) => ({ ...example, date, items: { ...example.items, '4.1.2': { ...example.items['4.1.2'], percent } } });
  const t = engine.trend(JSON.stringify([year('2024-06-30', 40), year('2025-06-30', 60)]), 'en', '2026-01-01');
  const again = engine.trend(JSON.stringify([year('2025-06-30', 60), year('2024-06-30', 40)]), 'en', '2026-01-01');
  assert.deepEqual(t, again, 'snapshots in any order');
  assert.match(JSON.stringify(t), /2024-06-30/);
  assert.match(JSON.stringify(t), /2025-06-30/);
  for (const bad of ['[{"framework"', '{"a": 1}', '"x"', '']) {
    assert.throws(() => engine.trend(bad, 'en', '2026-01-01'), (err) => {
      assert.equal(err.code, 'bad-option', `${bad}: ${err.message}`);
      assert.match(err.message, /snapshots/);
      return true;
    });
  }
  assert.throws(() => engine.trend(JSON.stringify([year('2024-06-30', 40), year('2025-06-30', '60')]), 'en', '2026-01-01'), (err) => {
    assert.equal(err.code, 'syntax', err.message);
    assert.equal(err.item, '4.1.2', err.message);
    assert.match(err.message, /2025-06-30/, 'the snapshot is named by its date');
    return true;
  });
});

test('framework, awards, suggestion, readiness and plan', () => {
  assert.deepEqual(engine.frameworkIds(), ['gbt19580-2012', 'baldrige-2023-2024', 'efqm-2025']);
  const fw = engine.framework('gbt19580-2012');
  assert.equal(fw.categories.length, 7);
  assert.equal(fw.categories[3].items[1].name.zh, '财务资源');
  assert.ok(engine.awards().some((a) => a.id === 'shanghai-quality-gold'));
  assert.equal(engine.suggest('gbt19580-2012', '4.1.2', '{"A": 50, "D": 45}'), 45);
  assert.throws(() => engine.suggest('gbt19580-2012', '4.1.2', '{"Le": 50}'), (e) => e.code === 'unknown-dimension');
  // An id or ratings that would have broken the JSON the engine once built by hand are plain errors.
  assert.throws(() => engine.suggest('gbt19580-2012', '4.1.2"}, "x": {', '{"A": 50}'), (e) => e.code === 'unknown-item');
  assert.throws(() => engine.suggest('gbt19580-2012', '4.1.2', '{"A": 50}}, "4.1.3": {'), (e) => e.code === 'bad-option');
  const example = readFileSync(new URL('examples/gbt19580-example.json', root), 'utf8');
  const r = engine.readiness(example, 'shanghai-quality-gold', 2026, false, '2026-11-26');
  assert.equal(r.verdict, 'not-yet');
  const { plan: p, gaps } = engine.plan(example, undefined, 'shanghai-quality-gold', 15, false);
  assert.equal(p.end, 550);
  assert.equal(p.cost, 27);
  assert.ok(gaps.length > 0);
  // The same errors with codes as Python and the CLI: a target that is no number, both or neither goal.
  assert.throws(() => engine.plan(example, 'lots', undefined, 15, false), (e) => e.code === 'bad-option');
  assert.throws(() => engine.plan(example, '600', 'shanghai-quality-gold', 15, false), (e) => e.code === 'options');
  assert.throws(() => engine.plan(example, undefined, undefined, 15, false), (e) => e.code === 'options');
  assert.throws(() => engine.report(example, undefined, 2026, 'fr', false, false, '2026-11-26'), (e) => e.code === 'bad-option');
  assert.equal(engine.validate(example, false).assessment.framework, 'gbt19580-2012');
  assert.equal(engine.limits().max_input_bytes, 4194304);
  assert.throws(() => engine.score('{"framework": "gbt19580-2012", "items": {"4.1.2": 37}}', true),
    (e) => e.code === 'percent-off-grid' && e.item === '4.1.2' && e.rule === 'percent-step');
  assert.deepEqual(engine.sectors().map((s) => s.id), ['advanced-manufacturing', 'services', 'strategic-emerging', 'public-service', 'other']);
  assert.throws(() => engine.score(example.replace('"advanced-manufacturing"', '"mining"'), false), (e) => e.code === 'unknown-sector');
  assert.ok(engine.charts(example, false, 'zh').radar.startsWith('<svg'));
  assert.throws(() => engine.plan(example, '1200', undefined, 15, false), (e) => e.code === 'target-out-of-range');
  assert.throws(() => engine.readiness(example, 'nobel', 2026, false, '2026-11-26'), (e) => e.code === 'unknown-award');
  assert.throws(() => engine.framework('nope'), (e) => e.code === 'unknown-framework');
  const html = engine.report(example, 'shanghai-quality-gold', 2026, 'zh', false, false, '2026-11-26');
  assert.equal(html, readFileSync(new URL('tests/snapshots/report-example.zh.html', root), 'utf8'));
});

test('operation vectors: printed percents, readiness and roadmaps as in Rust and Python', () => {
  const file = read('operations.json');
  let ran = 0;
  for (const c of file.cases) {
    const a = JSON.stringify(c.assessment ?? {});
    if (c.op === 'score') {
      const card = engine.score(a, true);
      assert.deepEqual(Object.fromEntries(card.categories.map((x) => [x.id, x.percent_text])), c.expect.categories_percent_text, c.name);
    } else if (c.op === 'readiness') {
      const r = engine.readiness(a, c.award, c.year, true, '2026-11-26');
      const gap = r.gap === null ? null : Math.round(r.gap * 100);
      assert.deepEqual([r.verdict, r.score_verdict, gap], [c.expect.verdict, c.expect.score_verdict, c.expect.gap_hundredths], c.name);
      for (const reason of r.reasons) if (reason.id in c.expect.statuses) assert.equal(reason.status, c.expect.statuses[reason.id], `${c.name}: ${reason.id}`);
    } else if (c.op === 'plan') {
      const { plan } = engine.plan(a, c.target, undefined, undefined, true);
      assert.deepEqual([plan.cycle_count, plan.cost_thousandths], [c.expect.cycle_count, c.expect.cost_thousandths], c.name);
    } else if (c.op === 'calibrate') {
      const r = engine.calibrate(a, true);
      assert.deepEqual(r.flags.map((f) => [f.rule, f.item]), c.expect.flags, c.name);
      assert.deepEqual([r.range.low_hundredths, r.range.claimed_hundredths, r.range.high_hundredths],
        [c.expect.low_hundredths, c.expect.claimed_hundredths, c.expect.high_hundredths], c.name);
    } else {
      continue; // crosswalks and consensus are examiners' tools, not in the browser build
    }
    ran += 1;
  }
  assert.ok(ran >= 35, `ran ${ran}`);
});
