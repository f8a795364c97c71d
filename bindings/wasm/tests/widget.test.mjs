// The widget in headless Debian Chromium, driven by playwright-core: a whole assessment through the
// UI, reload, bad imports, hostile text, language switch, no network, keyboard only, a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launch, serve } from './browser.mjs';

let server, base, browser;
const requests = [];

before(async () => {
  server = await serve();
  base = server.base;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open() {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(base);
  await page.waitForSelector('#zy-total');
  return { context, page, dialogs };
}

const ids = async (page) => page.$$eval('select[data-item]', (s) => s.map((x) => x.dataset.item));
const total = async (page) => page.textContent('#zy-total');
const sel = (id) => `[id="zy-p-${id}"]`;

test('a whole assessment through the UI scores as the CLI scores its export', async () => {
  const { context, page } = await open();
  const items = await ids(page);
  assert.equal(items.length, 23);
  for (const [n, id] of items.entries()) await page.selectOption(sel(id), String((n * 15) % 105));
  await page.fill('#zy-org-name', 'Widget Test Co. 测试公司');
  assert.match(await page.textContent('#zy-coverage'), /^23 \/ 23/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-json"]')]);
  const file = join(await mkdtemp(join(tmpdir(), 'zy-')), 'export.json');
  await download.saveAs(file);
  const cli = JSON.parse(execFileSync(join(ROOT, 'target/debug/zhuoyue'), ['score', file, '--format', 'json'], { encoding: 'utf8' }));
  assert.equal(await total(page), cli.total.toFixed(2));
  assert.equal(cli.organisation.name, 'Widget Test Co. 测试公司');
  // Reload keeps the data.
  await page.reload();
  await page.waitForSelector('#zy-total');
  assert.equal(await total(page), cli.total.toFixed(2));
  assert.equal(await page.inputValue(sel(items[1])), '15');
  await page.screenshot({ path: join(ROOT, 'target/widget.png'), fullPage: false });
  await context.close();
});

test('the calibration and history mode flags an optimistic self-score, and saved years make a trend', async () => {
  const { context, page } = await open();
  // On the page's engine alone: no calibration, no trend, no chart; the roadmap one click away.
  assert.equal(await page.locator('#zy-range, #zy-trend, #radar-title').count(), 0);
  const wasm = () => requests.filter((u) => u.endsWith('.wasm')).length;
  const before = wasm();
  await page.locator('section[aria-label="申报准备度"]').screenshot({ path: join(ROOT, 'target/widget-readiness.png') });
  await page.click('[data-action="roadmap"]');
  await page.waitForSelector('#zy-plan h4');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H4', 'focus moves to the roadmap');
  assert.equal(wasm(), before + 1, 'the whole engine is fetched once asked for');
  await page.click('[data-action="history"]');
  await page.waitForSelector('#zy-range');
  assert.equal(await page.getAttribute('[data-action="history"]', 'aria-pressed'), 'true');
  const items = await ids(page);
  for (const id of items) await page.selectOption(sel(id), '80');
  // 80% everywhere with nothing written: every item flagged, and the scoring flat.
  const range = await page.$eval('#zy-range', (p) => ({ low: Number(p.dataset.low), high: Number(p.dataset.high) }));
  assert.deepEqual(range, { low: 65000, high: 80000 });
  assert.equal(await page.locator('#zy-flags li[data-rule="unsupported-high"]').count(), 23);
  assert.equal(await page.locator('#zy-flags li[data-rule="flat-scoring"]').count(), 1);
  await page.locator('#zy-calibration').screenshot({ path: join(ROOT, 'target/widget-calibration.png') });
  // A strength and evidence on 4.1.2 lift its flag.
  await page.fill('[id="zy-strengths-4.1.2"]', '高层每月评审战略');
  assert.equal(await page.locator('#zy-flags li[data-rule="unsupported-high"][data-item="4.1.2"]').count(), 0);
  // Two earlier years saved before; this year's joins them.
  const name = 'Example Precision Machinery Co. 示例精密机械有限公司';
  await page.fill('#zy-org-name', name);
  const earlier = await Promise.all(['2024', '2025'].map(async (y) => {
    const doc = JSON.parse(await readFile(join(ROOT, `examples/history/${y}.json`), 'utf8'));
    delete doc.organisation.id;
    return doc;
  }));
  await page.evaluate((list) => localStorage.setItem('zhuoyue:gbt19580-2012:snapshots', JSON.stringify(list)), earlier);
  await page.reload();
  await page.waitForSelector('#zy-total');
  assert.equal(await page.locator('#zy-history tbody tr').count(), 2);
  await page.click('[data-action="snapshot"]');
  assert.equal(await page.locator('#zy-history tbody tr').count(), 3);
  const rows = await page.$$eval('#zy-history tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r[0]).slice(0, 2), ['2024-03-15', '2025-03-20']);
  assert.equal(rows[2][1], await total(page));
  assert.match(await page.textContent('#zy-trend svg title'), /2024-03-15 366\.00/);
  // Saving again today replaces today's snapshot rather than adding one.
  await page.click('[data-action="snapshot"]');
  assert.equal(await page.locator('#zy-history tbody tr').count(), 3);
  await page.locator('#zy-trend').screenshot({ path: join(ROOT, 'target/widget-trend.png') });
  await context.close();
});

test('the readiness panel judges an individual nominee on the gates, as the CLI does', async () => {
  const { context, page } = await open();
  // Organisation mode lists organisation awards only.
  const orgAwards = await page.$$eval('#zy-award option', (o) => o.map((x) => x.value));
  assert.ok(orgAwards.includes('shanghai-quality-gold') && !orgAwards.includes('shanghai-mayor-individual'), orgAwards.join());
  await page.selectOption('#zy-applicant', 'individual');
  await page.waitForSelector('#zy-person-facts'); // the individual mode's module, fetched now
  const awards = await page.$$eval('#zy-award option', (o) => o.map((x) => x.value));
  assert.deepEqual(awards, ['shanghai-mayor-individual', 'shanghai-gold-individual', 'district-individual', 'china-quality-award-individual']);
  assert.equal(await page.isHidden('#zy-plan'), true);
  // Nothing stated yet: unknown, never a pass.
  assert.equal(await page.getAttribute('#zy-verdict', 'data-verdict'), 'unknown');
  await page.fill('#zy-person-name', '李明 <script>x</script>');
  await page.fill('#zy-person-region', 'shanghai');
  await page.fill('#zy-person-quality_work_years', '9');
  await page.selectOption('#zy-person-legal_compliance', 'true');
  await page.selectOption('#zy-person-good_conduct', 'true');
  await page.selectOption('#zy-person-won', '-');
  await page.selectOption('#zy-person-applying', '-');
  assert.equal(await page.getAttribute('#zy-verdict', 'data-verdict'), 'ineligible');
  const failed = await page.$$eval('#zy-readiness li[data-status="fail"]', (x) => x.map((n) => [n.dataset.reason, n.textContent]));
  assert.equal(failed.length, 1);
  assert.equal(failed[0][0], 'quality-work-10-years');
  assert.match(failed[0][1], /满 10 年.*9 年/);
  assert.match(failed[0][1], /^\[未通过\] /, "the status in the page's language, not its id");
  // Twelve years: ready. The same nomination gives the CLI's verdict and reasons.
  await page.fill('#zy-person-quality_work_years', '12');
  assert.equal(await page.getAttribute('#zy-verdict', 'data-verdict'), 'ready');
  const statuses = await page.$$eval('#zy-readiness li[data-status]', (x) => x.map((n) => [n.dataset.reason, n.dataset.status]));
  const texts = await page.$$eval('#zy-readiness li[data-status]', (x) => x.map((n) => n.textContent));
  const person = await page.evaluate(() => JSON.parse(localStorage.getItem('zhuoyue:individual')));
  assert.equal(person.name, '李明 <script>x</script>');
  const file = join(await mkdtemp(join(tmpdir(), 'zy-')), 'nominee.json');
  await writeFile(file, JSON.stringify({ kind: 'individual', individual: person }));
  const cli = JSON.parse(execFileSync(join(ROOT, 'target/debug/zhuoyue'), ['readiness', file, '--award', 'shanghai-mayor-individual', '--format', 'json'], { encoding: 'utf8' }));
  assert.equal(cli.verdict, 'ready');
  assert.deepEqual(statuses, cli.reasons.map((r) => [r.id, r.status]));
  // Each reason worded as the core words it: its status's name, then its sentence.
  assert.deepEqual(texts, cli.reasons.map((r) => `[${r.status_name.zh}] ${r.sentence.zh}`));
  // A win two years ago: the winner waits 5 years.
  await page.selectOption('#zy-person-won', 'shanghai-mayor-individual');
  await page.fill('#zy-person-won-year', String(new Date().getFullYear() - 2));
  assert.equal(await page.getAttribute('#zy-verdict', 'data-verdict'), 'ineligible');
  assert.equal(await page.getAttribute('#zy-readiness li[data-reason="winner-waits-5-years"]', 'data-status'), 'fail');
  await page.locator('section', { has: page.locator('#zy-applicant') }).screenshot({ path: join(ROOT, 'target/widget-individual.png') });
  // The nominee is kept across a reload; the organisation's assessment is untouched.
  await page.reload();
  await page.waitForSelector('#zy-total');
  await page.selectOption('#zy-applicant', 'individual');
  assert.equal(await page.inputValue('#zy-person-quality_work_years'), '12');
  assert.equal(await page.$$eval('script', (s) => s.filter((x) => x.textContent === 'x').length), 0);
  await context.close();
});

test('the training mode: the bundled case scored, locked when submitted, compared as the CLI compares it', async () => {
  const { context, page } = await open();
  await page.click('[data-action="training"]');
  await page.waitForSelector('#zy-training');
  assert.match(await page.textContent('#zy-training'), /虚构案例/);
  const items = await page.$$eval('#zy-training select[data-item]', (s) => s.map((x) => x.dataset.item));
  assert.equal(items.length, 23);
  // No reference before submitting.
  assert.equal(await page.$$eval('#zy-training-result tr', (r) => r.length), 0);
  for (const [n, id] of items.entries()) await page.selectOption(`[id="zy-t-${id}"]`, String(30 + (n % 5) * 10));
  assert.match(await page.textContent('#zy-training-progress'), /^23 \/ 23/);
  await page.click('[data-action="training-submit"]');
  await page.waitForSelector('#zy-training-summary');
  assert.equal(await page.$$eval('#zy-training-result tbody tr', (r) => r.length), 23);
  assert.equal(await page.isDisabled(`[id="zy-t-${items[0]}"]`), true);
  // The same scoring through the CLI gives the same mean absolute difference.
  const mine = Object.fromEntries(items.map((id, n) => [id, 30 + (n % 5) * 10]));
  const file = join(await mkdtemp(join(tmpdir(), 'zy-')), 'me.json');
  await writeFile(file, JSON.stringify({ framework: 'gbt19580-2012', assessor: 'me', items: mine }));
  const cli = JSON.parse(execFileSync(join(ROOT, 'target/debug/zhuoyue'), ['training', join(ROOT, 'examples/training/reference.json'), file, '--format', 'json'], { encoding: 'utf8' }));
  assert.equal(Number(await page.getAttribute('#zy-training-summary', 'data-mad')), cli.trainees[0].mad);
  await page.locator('#zy-training-result').screenshot({ path: join(ROOT, 'target/widget-training.png') });
  // Still locked after a reload; starting again unlocks; back returns to the self-assessment.
  await page.reload();
  await page.waitForSelector('#zy-total');
  await page.click('[data-action="training"]');
  await page.waitForSelector('#zy-training-summary');
  await page.click('[data-action="training-reset"]');
  assert.equal(await page.isDisabled(`[id="zy-t-${items[0]}"]`), false);
  await page.click('[data-action="training-back"]');
  await page.waitForSelector('#zy-total');
  await context.close();
});

test('a bad import shows the error and keeps the current data', async () => {
  const { context, page } = await open();
  await page.selectOption(sel('4.1.2'), '55');
  const before = await total(page);
  await page.setInputFiles('#zy-import', { name: 'bad.json', mimeType: 'application/json',
    buffer: Buffer.from('{"framework": "gbt19580-2012", "items": {"4.1.2": 37}}') });
  await page.waitForFunction(() => document.querySelector('#zy-message').textContent.includes('37'));
  assert.match(await page.textContent('#zy-message'), /item 4\.1\.2: percent 37 is not on the 5% grid/);
  assert.equal(await total(page), before);
  assert.equal(await page.inputValue(sel('4.1.2')), '55');
  await page.setInputFiles('#zy-import', { name: 'truncated.json', mimeType: 'application/json', buffer: Buffer.from('{"framework": "gbt19') });
  await page.waitForFunction(() => document.querySelector('#zy-message').textContent.includes('truncated.json') || document.querySelector('#zy-message').textContent.includes('EOF'));
  assert.equal(await total(page), before);
  // An individual's nomination is named as such (it read "framework , not gbt19580-2012").
  const nomination = await readFile(join(ROOT, 'examples/individual/li-ming.json'));
  await page.setInputFiles('#zy-import', { name: 'li-ming.json', mimeType: 'application/json', buffer: nomination });
  await page.waitForFunction(() => document.querySelector('#zy-message').textContent.includes('li-ming.json'));
  assert.match(await page.textContent('#zy-message'), /li-ming\.json: 这是个人奖项的申报材料，不是组织的自评/);
  assert.equal(await total(page), before);
  // A good CSV import merges its percents (4.1.2 at 55 stays), and one click undoes it.
  await page.fill('[id="zy-strengths-4.1.2"]', 'a note the CSV does not carry');
  await page.setInputFiles('#zy-import', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('id,percent\n4.7.2,100\n') });
  await page.waitForFunction(() => document.querySelector('#zy-total')?.textContent === '107.50');
  assert.equal(await page.inputValue('[id="zy-strengths-4.1.2"]'), 'a note the CSV does not carry');
  await page.click('[data-action="undo-import"]');
  await page.waitForFunction(() => document.querySelector('#zy-total')?.textContent === '27.50');
  // Hexadecimal and repeated ids are refused, not read.
  for (const [name, body, says] of [['hex.csv', 'id,percent\n4.1.2,0x37\n', '0x37'], ['dup.csv', 'id,percent\n4.1.2,50\n4.1.2,60\n', 'twice']]) {
    await page.setInputFiles('#zy-import', { name, mimeType: 'text/csv', buffer: Buffer.from(body) });
    await page.waitForFunction((w) => document.querySelector('#zy-message').textContent.includes(w), says);
    assert.equal(await total(page), '27.50');
  }
  await context.close();
});

test('hostile organisation names show as text', async () => {
  const { context, page, dialogs } = await open();
  const name = '<img src=x onerror=alert(1)>';
  await page.fill('#zy-org-name', name);
  await page.selectOption('#zy-award', 'shanghai-quality-gold');
  await page.reload();
  await page.waitForSelector('#zy-total');
  assert.equal(await page.inputValue('#zy-org-name'), name);
  assert.equal(await page.$$eval('zhuoyue-self-assessment img', (x) => x.length), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, []);
  await context.close();
});

test('switching language changes labels, not numbers', async () => {
  const { context, page } = await open();
  await page.selectOption(sel('4.4.3'), '35');
  const zh = await page.textContent('fieldset[data-category="4.1"] legend');
  const before = await total(page);
  await page.click('[data-action="language"]');
  await page.waitForFunction(() => document.querySelector('fieldset[data-category="4.1"] legend').textContent.includes('Leadership'));
  assert.match(zh, /领导/);
  assert.equal(await total(page), before);
  assert.equal(before, '5.25');
  await context.close();
});

test('one item completed with the keyboard alone', async () => {
  const { context, page } = await open();
  await page.focus('#zy-org-name');
  for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement.id)) !== 'zy-p-4.1.2'; i += 1) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'zy-p-4.1.2');
  for (let i = 0; i < 12; i += 1) await page.keyboard.press('ArrowDown');
  assert.equal(await page.inputValue(sel('4.1.2')), '55');
  assert.equal(await total(page), '27.50');
  assert.match(await page.textContent('[id="zy-d-4.1.2"]'), /^50-65%/);
  await context.close();
});

const KEY = 'zhuoyue:gbt19580-2012';

test('forms hold no more text than the engine accepts', async () => {
  const { context, page } = await open();
  const limit = String(20000);
  assert.equal(await page.getAttribute('#zy-org-name', 'maxlength'), limit);
  assert.equal(await page.getAttribute('[id="zy-evidence-4.1.2"]', 'maxlength'), limit);
  await context.close();
});

test('notes on an item not yet rated survive a reload', async () => {
  const { context, page } = await open();
  await page.fill('[id="zy-ofis-4.2.2"]', 'define the KPIs first');
  await page.reload();
  await page.waitForSelector('#zy-total');
  assert.equal(await page.inputValue('[id="zy-ofis-4.2.2"]'), 'define the KPIs first');
  assert.equal(await page.inputValue(sel('4.2.2')), '');
  await context.close();
});

test('saved work that no longer validates is kept as a backup and shown, never overwritten', async () => {
  const { context, page } = await open();
  const bad = '{"framework": "gbt19580-2012", "items": {"4.1.2": 37}}';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, bad]);
  await page.reload();
  await page.waitForSelector('#zy-total');
  assert.match(await page.textContent('#zy-message'), /备份/); // the page is in Chinese by default
  assert.match(await page.textContent('#zy-message'), /37/);
  await page.fill('#zy-org-name', 'typing does not lose it');
  assert.equal(await page.evaluate((k) => localStorage.getItem(`${k}:backup`), KEY), bad);
  await context.close();
});

test('work saved under an older data version is carried over', async () => {
  const { context, page } = await open();
  await page.evaluate((k) => {
    localStorage.clear();
    localStorage.setItem(`${k}:0.9.0`, '{"framework": "gbt19580-2012", "items": {"4.4.3": 35}}');
  }, KEY);
  await page.reload();
  await page.waitForSelector('#zy-total');
  assert.equal(await total(page), '5.25');
  assert.match(await page.textContent('#zy-message'), /旧版本/);
  assert.equal(await page.evaluate((k) => localStorage.getItem(`${k}:0.9.0`), KEY), null);
  assert.ok(await page.evaluate((k) => localStorage.getItem(k), KEY));
  await context.close();
});

test('a full storage is said, not thrown, and scoring goes on', async () => {
  const { context, page } = await open();
  await page.evaluate(() => { Storage.prototype.setItem = () => { throw new DOMException('quota exceeded', 'QuotaExceededError'); }; });
  await page.selectOption(sel('4.4.3'), '35');
  await page.waitForFunction(() => document.querySelector('#zy-message').textContent.includes('quota exceeded'));
  assert.match(await page.textContent('#zy-message'), /导出 JSON/);
  assert.equal(await total(page), '5.25');
  await context.close();
});

test('a change in another tab is announced', async () => {
  const { context, page } = await open();
  const other = await context.newPage();
  await other.goto(base);
  await other.waitForSelector('#zy-total');
  await page.selectOption(sel('4.4.3'), '35');
  await other.waitForFunction(() => document.querySelector('#zy-message').textContent.length > 0);
  assert.match(await other.textContent('#zy-message'), /Another tab|另一个标签页/);
  await context.close();
});

test('the chart is the engine\'s own and percents are printed once', async () => {
  const { context, page } = await open();
  await page.click('[data-action="history"]');
  await page.waitForSelector('#radar-title', { state: 'attached' });
  await page.selectOption(sel('4.1.2'), '55');
  assert.equal(await page.$$eval('#radar-title', (x) => x.length), 1);
  const cell = await page.textContent('#zy-totals tr[data-category="4.1"] td:last-child');
  // 27.50 of 110 = 25.0%.
  assert.equal(cell, '25.0%');
  await context.close();
});

test('Chinese renders as glyphs, not as empty boxes', async () => {
  const { context, page } = await open();
  // The glyph of 卓 against the missing-glyph box (a private-use code point no font has): equal
  // pixels mean the page has no CJK font and every screenshot shows boxes.
  const differs = await page.evaluate(() => {
    const draw = (text) => {
      const c = document.createElement('canvas');
      c.width = 48; c.height = 48;
      const g = c.getContext('2d');
      g.font = getComputedStyle(document.querySelector('zhuoyue-self-assessment')).font.replace(/[0-9.]+px/, '36px');
      g.fillText(text, 4, 40);
      return Array.from(g.getImageData(0, 0, 48, 48).data).join(',');
    };
    return ['卓', '越', '领'].every((ch) => draw(ch) !== draw('\u{10FFFD}'));
  });
  assert.ok(differs, 'no CJK font: Chinese would show as boxes');
  await context.close();
});

test('no request leaves 127.0.0.1', () => {
  assert.ok(requests.length > 0);
  const outside = requests.filter((u) => !u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(outside, []);
});
