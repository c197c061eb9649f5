// The benchmark's project generator: deterministic, the sizes asked for, files of realistic length,
// and code that type-checks, so that the tsc half of the benchmark measures a clean compile.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { generateProject, isGenerated } from '../bench/generate';
import { REPO_ROOT } from '../support/cli-run';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-generate-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function sourceFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe('bench project generator', () => {
  it('gives the same bytes for the same size and seed, and other bytes for another seed', () => {
    const a = path.join(scratch, 'a');
    const b = path.join(scratch, 'b');
    const c = path.join(scratch, 'c');
    generateProject({ files: 60, outDir: a });
    generateProject({ files: 60, outDir: b });
    generateProject({ files: 60, outDir: c, seed: 7 });
    assert.deepEqual(sourceFiles(b), sourceFiles(a));
    assert.notDeepEqual(sourceFiles(c), sourceFiles(a));
    assert.ok(isGenerated({ files: 60, outDir: a }));
    assert.ok(!isGenerated({ files: 61, outDir: a }));
  });

  it('writes the number of source files asked for, 100–200 lines each, with personal data, loggers and HTTP calls', () => {
    const dir = path.join(scratch, 'sized');
    const result = generateProject({ files: 120, outDir: dir });
    const sources = [...sourceFiles(dir)].filter(([name]) => name.endsWith('.ts'));
    assert.equal(sources.length, 120);
    const modules = sources.filter(([name]) => /^src\/(domain|services|utils|api)\//.test(name));
    assert.ok(modules.length >= 110);
    for (const [name, text] of modules) {
      const lines = text.split('\n').length - 1;
      assert.ok(lines >= 100 && lines <= 230, `${name}: ${lines} lines`);
    }
    const all = sources.map(([, text]) => text).join('\n');
    assert.match(all, /\/\*\* @pii user\.[a-z_.]+ \*\//);
    assert.match(all, /audit\d+\(`processing \$\{entity\.id\}`, entity\.\w+\)/, 'personal data passed to a logging wrapper in another file');
    assert.match(all, /http\.post\('https:\/\/leads\.execute-api\.ap-south-1\.amazonaws\.com/);
    assert.match(all, /from '@segment\/analytics-node'/);
    assert.ok(result.lines > 120 * 90);
    assert.ok(fs.existsSync(path.join(dir, 'tsconfig.json')));
  });

  it('generates code that tsc --noEmit accepts', () => {
    const dir = path.join(scratch, 'typed');
    generateProject({ files: 80, outDir: dir });
    const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'lib', 'tsc.js'), '--noEmit', '-p', dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });

  it('refuses sizes too small to hold the fixed files', () => {
    assert.throws(() => generateProject({ files: 5, outDir: path.join(scratch, 'tiny') }), /at least 20 files/);
  });
});
