// The widget in headless Debian Chromium, driven by playwright-core: a whole assessment through the
// UI, reload, bad imports, hostile text, language switch, no network, keyboard only, a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdtemp } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WWW = join(ROOT, 'bindings/wasm/www');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

let server, base, browser;
const requests = [];

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const file = join(WWW, path.endsWith('/') ? `${path}index.html` : path);
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
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
  // A good CSV import replaces the data.
  await page.setInputFiles('#zy-import', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('id,percent\n4.7.2,100\n') });
  await page.waitForFunction(() => document.querySelector('#zy-total')?.textContent === '80.00');
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

test('no request leaves 127.0.0.1', () => {
  assert.ok(requests.length > 0);
  const outside = requests.filter((u) => !u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(outside, []);
});
