// The reviewed-snapshot helper the CLI and LSP tests compare whole outputs with: a mismatch fails
// with a readable line diff, UPDATE_SNAPSHOTS=1 rewrites, a missing snapshot fails under CI.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lineDiff, matchSnapshot, SNAPSHOT_DIR } from '../support/snapshot';

const NAME = `cli-snapshot-selftest-${process.pid}`;
const FILE = path.join(SNAPSHOT_DIR, `${NAME}.snap`);
after(() => fs.rmSync(FILE, { force: true }));

function withEnv(env: Record<string, string | undefined>, body: () => void): void {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  try {
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('snapshots', () => {
  it('shows removed and added lines with context', () => {
    assert.equal(lineDiff('a\nb\nc\nd', 'a\nB\nc\nd\ne'), ['@@ line 2 @@', '  a', '- b', '+ B', '  c', '  d', '+ e'].join('\n'));
  });

  it('fails under CI when the snapshot is missing, writes it with UPDATE_SNAPSHOTS=1, then compares', () => {
    fs.rmSync(FILE, { force: true });
    withEnv({ CI: 'true', UPDATE_SNAPSHOTS: undefined }, () => {
      assert.throws(() => matchSnapshot(NAME, 'one\ntwo\n'), /no snapshot .*UPDATE_SNAPSHOTS=1/);
    });
    withEnv({ UPDATE_SNAPSHOTS: '1' }, () => matchSnapshot(NAME, 'one\ntwo\n'));
    assert.equal(fs.readFileSync(FILE, 'utf8'), 'one\ntwo\n');
    withEnv({ UPDATE_SNAPSHOTS: undefined }, () => {
      matchSnapshot(NAME, 'one\ntwo\n');
      assert.throws(() => matchSnapshot(NAME, 'one\n2\n'), (error: Error) => error.message.includes('- two\n+ 2'));
    });
  });
});
