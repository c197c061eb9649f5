// The language server over stdio, as any editor drives it: initialize, diagnostics with the full
// DESIGN.md shape, hover, code actions and applying one, incremental re-diagnosis on didChange, a
// config error and its recovery, and a minimal client that gets only what it advertised.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, DiagnosticSeverity, FileChangeType, HoverRequest } from 'vscode-languageserver-protocol/node';
import type { CodeAction, Command, Diagnostic, MarkupContent, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { copyFixture, FIXTURE, LspSession, uriOf } from './support/lsp-session';

const LOG_RULE = 'default/pii-to-log';

/** Diagnostics of the fixture's notify.ts: console.log(customer.email) on line 7, logger.warn(phone) on line 13. */
const consoleLine = 6;
const warnLine = 12;

/** LSP 3.18 allows markup in diagnostic messages; the server sends plain strings. */
function message(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function onLine(diagnostics: Diagnostic[], line: number): Diagnostic | undefined {
  return diagnostics.find((d) => d.range.start.line === line && d.code === LOG_RULE);
}

function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...change.edits.filter((e): e is TextEdit => 'range' in e));
  }
  edits.push(...(edit.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, 'typescript', 1, text), edits);
}

describe('language server over stdio (full client)', () => {
  let root: string;
  let session: LspSession;
  let notify: string;

  before(async () => {
    root = copyFixture(FIXTURE);
    notify = path.join(root, 'src', 'notify.ts');
    session = new LspSession({ workspace: root, viaCli: true });
  });

  after(async () => {
    await session.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('initializes with hover, quick fixes, fix-all and the clause command', async () => {
    const result = await session.initialize();
    const caps = result.capabilities;
    assert.equal(caps.hoverProvider, true);
    const kinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : [];
    assert.deepEqual(kinds, ['quickfix', 'source.fixAll.privacyLens']);
    assert.deepEqual(caps.executeCommandProvider?.commands, ['privacyLens.server.showClause']);
    assert.equal(result.serverInfo?.name, 'privacy-lens');
  });

  it('publishes diagnostics with source, code, clause link and the flow as related information', async () => {
    session.open(notify);
    const diagnostics = await session.waitForDiagnostics(notify, (d) => onLine(d, consoleLine) !== undefined && onLine(d, warnLine) !== undefined);
    const d = onLine(diagnostics, consoleLine)!;
    assert.equal(d.source, 'privacy-lens');
    assert.equal(d.code, LOG_RULE);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(message(d), /customer\.email/);
    assert.match(message(d), /user\.contact\.email/);
    assert.match(d.codeDescription?.href ?? '', /^https:\/\/.+#personal-data-stays-out-of-logs$/);
    const related = d.relatedInformation ?? [];
    assert.ok(related.length >= 2, 'the source declaration and at least one step');
    const source = related.find((r) => r.location.uri === uriOf(path.join(root, 'src', 'customer.ts')));
    assert.ok(source, 'the tagged declaration in customer.ts is related information');
    assert.equal(source.location.range.start.line, 4, 'the e-mail field of Customer');
    for (const r of related) assert.notEqual(r.message.trim(), '');
    // Nothing is reported for the identifier and the boolean on line 8.
    assert.equal(diagnostics.filter((x) => x.range.start.line === 7).length, 0);
  });

  it('hovers on a value carrying personal data with its category, destination and clause', async () => {
    const text = fs.readFileSync(notify, 'utf8').split('\n')[consoleLine];
    const character = text.indexOf('customer.email') + 'customer.'.length + 1;
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(notify) }, position: { line: consoleLine, character } });
    assert.ok(hover, 'a hover');
    const value = (hover.contents as MarkupContent).value;
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /user\.contact\.email/);
    assert.match(value, /@pii/, 'why: the tag');
    assert.match(value, /console/, 'where it goes');
    assert.match(value, /Personal data is not written to application logs/, "the clause's words");
  });

  it('hovers on the sink call with what reaches it', async () => {
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(notify) }, position: { line: warnLine, character: 10 } });
    assert.ok(hover);
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /user\.contact\.phone_number/);
    assert.match(value, /pino/);
    assert.match(value, /Personal data stays out of logs/);
  });

  it('offers quick fixes for a finding, one preferred, and applying it removes the diagnostic', async () => {
    const diagnostics = session.diagnostics.get(uriOf(notify))!.diagnostics;
    const target = onLine(diagnostics, consoleLine)!;
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(notify) },
      range: target.range,
      context: { diagnostics: [target], only: ['quickfix'] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /redact/.test(t)), `a wrap-in-redact fix among ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => t.startsWith('Suppress')), 'a suppression');
    assert.ok(titles.some((t) => t.startsWith('Show the policy clause')), 'the clause');
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, 'exactly one preferred fix');
    assert.ok(preferred[0].edit, 'the preferred fix edits');
    const suppress = actions.find((a) => a.title.startsWith('Suppress'))!;
    const suppressed = applyWorkspaceEdit(fs.readFileSync(notify, 'utf8'), uriOf(notify), suppress.edit!);
    assert.match(suppressed.split('\n')[consoleLine], /^\s+\/\/ privacy-lens-ignore default\/pii-to-log: $/);

    const fixed = applyWorkspaceEdit(fs.readFileSync(notify, 'utf8'), uriOf(notify), preferred[0].edit!);
    assert.match(fixed, /redact\(customer\.email\)/);
    assert.match(fixed, /import \{ redact \} from '\.\/redact'/);
    session.change(notify, 2, fixed);
    const after = await session.waitForDiagnostics(notify, (d) => !d.some((x) => /customer\.email/.test(message(x))), 30_000, 'after the fix');
    assert.ok(after.some((x) => x.code === LOG_RULE && /phone/i.test(message(x))), 'the other finding stays');
    session.change(notify, 3, fs.readFileSync(notify, 'utf8'));
    await session.waitForDiagnostics(notify, (d) => onLine(d, consoleLine) !== undefined, 30_000, 'after the undo');
  });

  it('offers fix-all for the file', async () => {
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(notify) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.privacyLens'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.privacyLens');
    const fixed = applyWorkspaceEdit(fs.readFileSync(notify, 'utf8'), uriOf(notify), actions[0].edit!);
    assert.notEqual(fixed, fs.readFileSync(notify, 'utf8'));
  });

  it('re-diagnoses an edited file incrementally', async () => {
    const original = fs.readFileSync(notify, 'utf8');
    const clean = original.replace('logger.warn(`calling ${contact}`);', 'logger.warn(`calling ${customer.id}`);');
    assert.notEqual(clean, original);
    session.change(notify, 4, clean);
    await session.waitForDiagnostics(notify, (d) => onLine(d, warnLine) === undefined && onLine(d, consoleLine) !== undefined, 30_000, 'without the phone finding');
    session.change(notify, 5, original);
    await session.waitForDiagnostics(notify, (d) => onLine(d, warnLine) !== undefined, 30_000, 'with the phone finding again');
  });

  it('warns on a @pii tag naming no category as it is typed, at the word, and its quick fix puts the category meant', async () => {
    const original = fs.readFileSync(notify, 'utf8');
    const typo = original + '\nexport interface Visit {\n  /** @pii user.contact.emial */\n  remarks: string;\n}\n';
    const tagLine = typo.split('\n').findIndex((l) => l.includes('@pii user.contact.emial'));
    const isTagWarning = (d: Diagnostic) => d.range.start.line === tagLine && /unknown category 'user\.contact\.emial'/.test(message(d));
    session.change(notify, 6, typo);
    const shown = await session.waitForDiagnostics(notify, (d) => d.some(isTagWarning), 30_000, 'with the tag warning');
    const warning = shown.find(isTagWarning)!;
    assert.equal(warning.severity, DiagnosticSeverity.Warning);
    assert.equal(warning.range.start.character, typo.split('\n')[tagLine]!.indexOf('user.contact.emial'));
    assert.ok(onLine(shown, warnLine), 'the file is still analysed');
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(notify) },
      range: warning.range,
      context: { diagnostics: [warning], only: ['quickfix'] },
    })) as CodeAction[];
    const change = actions.find((a) => a.title === "Change to 'user.contact.email'");
    assert.ok(change?.edit, `a fix to the category meant among ${actions.map((a) => a.title).join(' | ')}`);
    const fixed = applyWorkspaceEdit(typo, uriOf(notify), change.edit);
    assert.equal(fixed, typo.replace('@pii user.contact.emial', '@pii user.contact.email'));
    session.change(notify, 7, fixed);
    await session.waitForDiagnostics(notify, (d) => !d.some((x) => /unknown category/.test(message(x))) && onLine(d, warnLine) !== undefined, 30_000, 'without the tag warning');
    session.change(notify, 8, original);
    await session.waitForDiagnostics(notify, (d) => onLine(d, warnLine) !== undefined, 30_000, 'back to the original');
  });

  it('reports a broken privacy-lens.yaml at its line, keeps the last good config, and recovers', async () => {
    const config = path.join(root, 'privacy-lens.yaml');
    const good = fs.readFileSync(config, 'utf8');
    const broken = good.replace('homeRegions: [US]', 'homeRegions: [US]\nhomeRegion: US');
    const badLine = broken.split('\n').findIndex((l) => l.startsWith('homeRegion:'));
    fs.writeFileSync(config, broken);
    session.watched([{ uri: uriOf(config), type: FileChangeType.Changed }]);
    const errors = await session.waitForDiagnostics(config, (d) => d.length > 0, 30_000, 'config error');
    assert.equal(errors[0].range.start.line, badLine);
    assert.equal(errors[0].range.start.character, 0);
    assert.equal(errors[0].severity, DiagnosticSeverity.Error);
    assert.equal(errors[0].source, 'privacy-lens');
    assert.match(message(errors[0]), /homeRegion/);
    await session.waitForNotification('privacyLens/status', (p) => (p as { state: string }).state === 'config-error');
    // The last good config stays in force: the findings are still there.
    assert.ok(onLine(session.diagnostics.get(uriOf(notify))!.diagnostics, consoleLine));

    fs.writeFileSync(config, good);
    session.watched([{ uri: uriOf(config), type: FileChangeType.Changed }]);
    await session.waitForDiagnostics(config, (d) => d.length === 0, 30_000, 'config error cleared');
    await session.waitForDiagnostics(notify, (d) => onLine(d, consoleLine) !== undefined, 30_000, 'findings after recovery');
  });

  it('checks an unsaved privacy-lens.yaml buffer as it is typed', async () => {
    const config = path.join(root, 'privacy-lens.yaml');
    const good = fs.readFileSync(config, 'utf8');
    const typed = good.replace('homeRegions: [US]', 'homeRegions: [US]\nhomeRegionz: [EU]');
    const badLine = typed.split('\n').findIndex((l) => l.startsWith('homeRegionz:'));
    session.open(config, typed, 'yaml');
    const errors = await session.waitForDiagnostics(config, (d) => d.length > 0, 30_000, 'live config error');
    assert.equal(errors[0].range.start.line, badLine);
    assert.match(message(errors[0]), /homeRegionz/);
    session.change(config, 2, good);
    await session.waitForDiagnostics(config, (d) => d.length === 0, 30_000, 'live config error cleared');
    session.close(config);
  });

  it('registered watchers and configuration with the client', () => {
    assert.ok(session.registrations.includes('workspace/didChangeWatchedFiles'));
    assert.ok(session.registrations.includes('workspace/didChangeConfiguration'));
  });

  it('applies severity settings per resource', async () => {
    session.settings = { severity: { [LOG_RULE]: 'error' } };
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await session.waitForDiagnostics(notify, (d) => onLine(d, consoleLine)?.severity === DiagnosticSeverity.Error, 30_000, 'as errors');
    session.settings = { severity: { [LOG_RULE]: 'off' } };
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await session.waitForDiagnostics(notify, (d) => onLine(d, consoleLine) === undefined, 30_000, 'turned off');
    session.settings = {};
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await session.waitForDiagnostics(notify, (d) => onLine(d, consoleLine)?.severity === DiagnosticSeverity.Warning, 30_000, 'back to warning');
  });
});

describe('language server over stdio (minimal client)', () => {
  let root: string;
  let session: LspSession;

  before(() => {
    root = copyFixture(FIXTURE);
    session = new LspSession({ workspace: root, capabilities: {} });
  });

  after(async () => {
    await session.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('gets the same findings without the capabilities it did not advertise', async () => {
    await session.initialize();
    const notify = path.join(root, 'src', 'notify.ts');
    session.open(notify);
    const diagnostics = await session.waitForDiagnostics(notify, (d) => onLine(d, consoleLine) !== undefined && onLine(d, warnLine) !== undefined);
    for (const d of diagnostics.filter((x) => x.code === LOG_RULE)) {
      assert.equal(d.source, 'privacy-lens');
      assert.equal(d.relatedInformation, undefined, 'no related information');
      assert.equal(d.codeDescription, undefined, 'no code description');
      assert.equal(d.data, undefined, 'no data');
    }
    assert.deepEqual(session.registrations, [], 'no dynamic registrations');
    assert.equal(session.notifications.filter((n) => n.method === '$/progress').length, 0, 'no progress');

    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(notify) }, position: { line: warnLine, character: 10 } });
    assert.equal((hover?.contents as MarkupContent).kind, 'plaintext');
    assert.match((hover?.contents as MarkupContent).value, /Personal data is not written to application logs/);

    const target = onLine(diagnostics, consoleLine)!;
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(notify) },
      range: target.range,
      context: { diagnostics: [target] },
    })) as Command[];
    assert.ok(actions.length > 0);
    for (const a of actions) assert.equal(typeof a.command, 'string', 'commands only');
  });
});
