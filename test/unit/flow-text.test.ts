// What a flow names as the data (`expression`): the caller's value, as the developer wrote it where
// the data came from, not a callee's parameter or a destructuring's key and default.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, fixturePath } from '../support/check';

const result = check(fixturePath('engine/midday-regressions'));

function named(file: string, line: number): string[] {
  const flow = result.flows.find((f) => f.location.file.endsWith(file) && f.location.range.start.line + 1 === line);
  assert.ok(flow, `no flow at ${file}:${line}`);
  return [...new Set(flow.data.map((d) => `${d.category} ${d.expression}`))].sort();
}

test("a template's destructured parameters with defaults give way to what the caller passed", () => {
  assert.deepEqual(named('src/emails.tsx', 25), ['user.contact.email session.user.email', 'user.device.ip_address geo.ip', 'user.name session.user.full_name']);
});

test("a callee's parameter named for personal data gives way to the caller's argument", () => {
  assert.deepEqual(named('src/emails.tsx', 31), ['user.name session.user.full_name']);
});

test('a renamed destructured field is named by the name it is bound to', () => {
  assert.deepEqual(named('src/emails.tsx', 41), ['user.contact.email userEmail']);
});
