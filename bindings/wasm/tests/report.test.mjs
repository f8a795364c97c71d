// The report printed by headless Debian Chromium: A4 PDF pages and a screenshot that is not blank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launch } from './browser.mjs';

test('the report prints to A4 pages and renders', async () => {
  const out = join(ROOT, 'target/report.html');
  execFileSync(join(ROOT, 'target/debug/zhuoyue'), ['report', join(ROOT, 'examples/gbt19580-example.json'),
    '--award', 'shanghai-quality-gold', '--year', '2026', '-o', out]);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${out}`);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'the report fetches nothing');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(ROOT, 'target/report.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 3 && pages <= 6, `expected 3-6 A4 pages, got ${pages}`);
    const shot = await page.screenshot({ path: join(ROOT, 'target/report.png') });
    await page.setContent('<!doctype html><html><body></body></html>');
    const blank = await page.screenshot();
    assert.ok(shot.length > 4 * blank.length, `report screenshot ${shot.length} B vs blank ${blank.length} B`);
    // The charts drew something: the radar's score polygon has area on the page.
    await page.goto(`file://${out}`);
    const box = await page.locator('svg polygon[stroke="#c81e1e"]').boundingBox();
    assert.ok(box && box.width > 50 && box.height > 50, JSON.stringify(box));
  } finally {
    await browser.close();
  }
});

test('the report carries hostile text as text', async () => {
  const src = JSON.parse(readFileSync(join(ROOT, 'examples/gbt19580-example.json'), 'utf8'));
  src.organisation.name = '<script>document.title="pwned"</script>';
  const input = join(ROOT, 'target/hostile.json');
  writeFileSync(input, JSON.stringify(src));
  const html = execFileSync(join(ROOT, 'target/debug/zhuoyue'), ['report', input, '--lang', 'en'], { encoding: 'utf8' });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setContent(html);
    assert.equal(await page.textContent('h1'), src.organisation.name);
    assert.notEqual(await page.title(), 'pwned');
  } finally {
    await browser.close();
  }
});
