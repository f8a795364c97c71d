// Widget figures in headless Debian Chromium (a benchmark, not a test): download size, first render,
// and re-scoring after one change, beside a plain-JS scorer of the same assessment (the peer a page
// would otherwise embed). Run after `cargo xtask widget` or `cargo xtask test` has built www/pkg:
//   node bench/widget.bench.mjs
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { WWW, launch, serve } from '../tests/browser.mjs';

const size = async (f) => gzipSync(await readFile(join(WWW, f)), { level: 9 }).length;
const gz = {
  wasm: await size('pkg/zhuoyue_wasm_bg.wasm'),
  glue: (await size('pkg/zhuoyue_wasm.js')) + (await size('zhuoyue.js')),
  widget: await size('zhuoyue-widget.js'),
  guided: await size('zhuoyue-guided.js'),
  training: await size('zhuoyue-training.js'),
  history: await size('zhuoyue-history.js'),
  individual: await size('zhuoyue-individual.js'),
  full: (await size('pkg/zhuoyue_full_bg.wasm')) + (await size('pkg/zhuoyue_full.js')),
  content: Object.fromEntries(await Promise.all(['gbt19580-2012', 'baldrige-2023-2024', 'efqm-2025'].map(async (id) => [id, await size(`content/${id}.json`)]))),
};

const server = await serve();
const url = server.base;
const browser = await launch();

const renders = [];
let rescore = [], rescoreHistory = [], peer = [], engine = [];
// Five pages on the page's engine alone, then five in the calibration and history mode (the whole
// engine too: the radar and the optimism guard redrawn on every change).
for (let run = 0; run < 10; run += 1) {
  const history = run >= 5;
  const context = await browser.newContext();
  if (history) await context.addInitScript(() => localStorage.setItem('zhuoyue:history', '1'));
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('zhuoyue-rendered').length > 0);
  if (!history) renders.push(await page.evaluate(() => performance.getEntriesByName('zhuoyue-rendered')[0].startTime));
  const r = await page.evaluate(() => {
    const w = document.querySelector('zhuoyue-self-assessment');
    const select = document.querySelector('[id="zy-p-4.1.2"]');
    const points = Object.fromEntries(w.fw.categories.flatMap((c) => c.items.map((i) => [i.id, i.points])));
    const ours = [], plain = [], engineOnly = [];
    for (let k = 0; k < 50; k += 1) {
      select.value = String((k % 20) * 5);
      let t = performance.now();
      select.dispatchEvent(new Event('change')); // state, autosave, engine score, totals, readiness (and the mode's radar and guard)
      ours.push(performance.now() - t);
      t = performance.now();
      for (let rep = 0; rep < 100; rep += 1) w.engine.score(JSON.stringify(w.toInterchange()), true);
      engineOnly.push((performance.now() - t) / 100);
      const doc = JSON.stringify(w.toInterchange());
      // The peer: parse and sum in plain JS (no validation, no bands), 1000 times to beat the
      // browser's coarse timer.
      t = performance.now();
      let total = 0;
      for (let rep = 0; rep < 1000; rep += 1) {
        const parsed = JSON.parse(doc);
        for (const [id, v] of Object.entries(parsed.items)) total += (typeof v === 'number' ? v : v.percent) * points[id];
      }
      plain.push((performance.now() - t) / 1000 + total * 0);
    }
    return { ours, plain, engineOnly };
  });
  if (history) rescoreHistory = rescoreHistory.concat(r.ours);
  else rescore = rescore.concat(r.ours);
  peer = peer.concat(r.plain);
  engine = engine.concat(r.engineOnly);
  await context.close();
}
await browser.close();
server.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`gzipped: engine (wasm ${gz.wasm} B + JS glue ${gz.glue} B) = ${gz.wasm + gz.glue} B (target <= 160000 B); widget core ${gz.widget} B (target <= 25000 B)`);
console.log(`loaded on demand, gzipped: guided mode ${gz.guided} B, calibration and history mode ${gz.history} B, individual mode ${gz.individual} B, training mode ${gz.training} B (target <= 15000 B each); the whole engine for the modes, the roadmap and the dossier (.wasm + glue) ${gz.full} B; content ${Object.entries(gz.content).map(([id, n]) => `${id} ${n} B`).join(', ')} (target <= 40000 B each)`);
console.log(`first render (navigation start -> rendered), median of 5: ${median(renders).toFixed(0)} ms`);
console.log(`re-score after one change (whole update: autosave, score, totals, readiness), median of 250: ${median(rescore).toFixed(2)} ms; in the calibration and history mode (also the radar and the optimism guard): ${median(rescoreHistory).toFixed(2)} ms`);
console.log(`engine call alone (serialise + wasm score), median: ${median(engine).toFixed(3)} ms`);
console.log(`peer: plain-JS parse + sum of the same assessment, median: ${median(peer).toFixed(4)} ms (the engine call is ${(median(engine) / median(peer)).toFixed(0)}x the peer, and also validates, bands and explains)`);
