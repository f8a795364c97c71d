// The TypeScript declarations type the results (generated from the Rust types): tsc --strict
// accepts correct use and rejects a misspelt field (see types-usage.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));

test('tsc --strict type-checks a use of every result', () => {
  const tsc = `${here}node_modules/.bin/tsc`;
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', 'false', 'tests/types-usage.ts'];
  try {
    execFileSync(tsc, args, { cwd: here, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});
