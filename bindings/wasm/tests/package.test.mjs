// The npm package as a web developer uses it: the tarball `cargo xtask test wasm` packs is installed
// into a fresh project, a page importing `zhuoyue/widget` is bundled with Vite, served, and the widget
// is driven in Chromium from that bundle; the engine's types check in TypeScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launch, serve } from './browser.mjs';

const VERSION = /\nversion = "([^"]+)"/.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'))[1];
const TARBALL = join(ROOT, 'target/npm', `zhuoyue-${VERSION}.tgz`);
const BIN = join(ROOT, 'bindings/wasm/node_modules/.bin');
let project, server, browser;

before(() => {
  assert.ok(existsSync(TARBALL), `${TARBALL} is missing: cargo xtask test wasm packs it`);
  project = mkdtempSync(join(tmpdir(), 'zy-npm-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-page', private: true, type: 'module' }));
  // The README's three lines: install the tarball, import the element, put it on the page.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', TARBALL], { cwd: project });
  writeFileSync(join(project, 'main.js'), "import 'zhuoyue/widget';\n");
  writeFileSync(join(project, 'index.html'), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script type="module" src="./main.js"></script></head>
<body><zhuoyue-self-assessment framework="gbt19580-2012" lang="zh-CN"></zhuoyue-self-assessment></body></html>\n`);
  execFileSync(join(BIN, 'vite'), ['build', '--logLevel', 'warn'], { cwd: project, stdio: 'pipe' });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the package is named zhuoyue, public, at the workspace version, with exports, types and files', () => {
  const pkg = JSON.parse(readFileSync(join(project, 'node_modules/zhuoyue/package.json'), 'utf8'));
  assert.equal(pkg.name, 'zhuoyue');
  assert.equal(pkg.version, VERSION);
  assert.equal(pkg.private, undefined);
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.deepEqual(Object.keys(pkg.exports), ['.', './widget', './content/*', './package.json']);
  assert.equal(pkg.types, './zhuoyue.d.ts');
  const installed = (dir) => readdirSync(join(project, 'node_modules/zhuoyue', dir));
  assert.ok(installed('pkg').includes('zhuoyue_wasm_bg.wasm'));
  assert.ok(installed('pkg').includes('zhuoyue_full_bg.wasm'), 'the whole engine, loaded on demand');
  assert.deepEqual(installed('content').sort(), ['baldrige-2023-2024.json', 'efqm-2025.json', 'gbt19580-2012.json', 'training']);
  assert.deepEqual(installed('content/training'), ['CASE-2026-01.json']);
  assert.ok(installed('.').includes('zhuoyue-training.js'));
  assert.ok(installed('.').includes('zhuoyue-history.js'));
  assert.ok(installed('.').includes('zhuoyue-individual.js'));
  // No test harness, source map or build tool in the tarball.
  assert.ok(!installed('.').some((f) => /test|node_modules|\.map$/.test(f)), installed('.').join());
});

test('Vite copies the .wasm and the content files into the bundle', () => {
  const assets = readdirSync(join(project, 'dist/assets'));
  assert.equal(assets.filter((f) => f.endsWith('.wasm')).length, 2, `the page's engine and the whole one: ${assets.join()}`);
  assert.ok(assets.some((f) => /^gbt19580-2012.*\.json$/.test(f)), assets.join());
});

test('the bundled page runs the widget in Chromium, guided mode and content included, offline', async () => {
  server = await serve(join(project, 'dist'));
  browser = await launch();
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.base);
  await page.waitForSelector('#zy-total');
  await page.selectOption('[id="zy-p-4.1.2"]', '60');
  assert.equal(await page.textContent('#zy-total'), '30.00'); // 60% of 50 points
  // The first load fetches the page's engine only; the whole one waits for a mode, the roadmap,
  // the dossier or training.
  assert.equal(requests.filter((u) => u.endsWith('.wasm')).length, 1, requests.join('\n'));
  // Guided mode fetches the framework's content file from the bundle.
  await page.click('[data-action="guided"]');
  await page.waitForSelector('fieldset.zy-profile');
  assert.ok(requests.some((u) => /gbt19580-2012.*\.json$/.test(u)), requests.join('\n'));
  assert.equal(requests.filter((u) => u.endsWith('.wasm')).length, 2, 'guided mode loads the whole engine');
  assert.ok(requests.every((u) => u.startsWith(server.base)), requests.join('\n'));
  await page.screenshot({ path: join(ROOT, 'target/npm-page.png') });
});

test("the engine's types check in TypeScript from the installed package", () => {
  writeFileSync(join(project, 'use.ts'), `import init, { score, readiness } from 'zhuoyue';
import type { SelfAssessment } from 'zhuoyue/widget';
export async function total(json: string): Promise<number> {
  await init();
  const r = readiness(json, 'shanghai-mayor-individual', 2026, false, '2026-11-26');
  const gap: number | null = r.gap;
  return score(json, false).total + (gap ?? 0);
}
export const element: SelfAssessment | null = document.querySelector('zhuoyue-self-assessment');
`);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false },
    files: ['use.ts'],
  }));
  execFileSync(join(BIN, 'tsc'), ['-p', project], { cwd: project, stdio: 'pipe' });
});
