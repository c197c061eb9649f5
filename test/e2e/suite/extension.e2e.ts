// The extension in a real VS Code, on a scratch copy of test/fixtures/lsp-workspace: it activates,
// diagnostics appear with clause links and the flow, a hover shows the clause, applying the
// preferred quick fix removes the diagnostic, and a broken privacy-lens.yaml shows its error.
// Each step waits on a condition (never a fixed sleep) and says what it waited for.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'privacy-lens.privacy-lens';
const LOG_RULE = 'default/pii-to-log';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const ARTIFACTS = path.join(REPO_ROOT, 'test', 'artifacts');

function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'privacy-lens');
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  return typeof code === 'object' && code !== null ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Wait until a condition holds, re-checking on every diagnostics change and every 250 ms. */
async function waitFor<T>(step: string, probe: () => T | undefined | false, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`step "${step}": timed out after ${timeoutMs} ms`);
    await new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        sub.dispose();
        resolve();
      });
      setTimeout(() => {
        sub.dispose();
        resolve();
      }, 250);
    });
  }
}

describe('Privacy Lens in VS Code', () => {
  let notify: vscode.Uri;
  let editor: vscode.TextEditor;

  before(async () => {
    notify = workspaceFile('src', 'notify.ts');
  });

  it('activates on the TypeScript workspace', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
    const document = await vscode.workspace.openTextDocument(notify);
    editor = await vscode.window.showTextDocument(document);
    await waitFor('extension active', () => extension.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['privacyLens.scanWorkspace', 'privacyLens.choosePacks', 'privacyLens.showFlow', 'privacyLens.openClause']) {
      assert.ok(commands.includes(id), `command ${id}`);
    }
  });

  it('shows diagnostics with the clause link and the flow', async () => {
    const diagnostics = await waitFor('two log findings in notify.ts', () => {
      const d = ours(notify).filter((x) => codeOf(x) === LOG_RULE);
      return d.length >= 2 && d;
    });
    const email = diagnostics.find((d) => d.range.start.line === 6);
    assert.ok(email, 'the console.log of the e-mail on line 7');
    assert.equal(email.severity, vscode.DiagnosticSeverity.Warning);
    const code = email.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, LOG_RULE);
    assert.match(code.target.toString(true), /#personal-data-stays-out-of-logs$/);
    const related = email.relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.uri.path.endsWith('/src/customer.ts')), 'the source declaration is related information');
  });

  it('shows the clause in a hover', async () => {
    const line = editor.document.lineAt(6).text;
    const position = new vscode.Position(6, line.indexOf('customer.email') + 'customer.'.length + 1);
    const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', notify, position);
    const text = result
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n');
    assert.match(text, /user\.contact\.email/);
    assert.match(text, /Personal data is not written to application logs/);
  });

  it('applies the preferred quick fix and the diagnostic goes away (screenshot of the menu first)', async () => {
    const target = ours(notify).find((d) => d.range.start.line === 6 && codeOf(d) === LOG_RULE);
    assert.ok(target, 'the e-mail finding');
    // Focus the editor (the driver's Ctrl+. goes to the focused widget) with the cursor on the finding.
    editor = await vscode.window.showTextDocument(editor.document, { preserveFocus: false, selection: new vscode.Range(target.range.start, target.range.start) });
    editor.revealRange(target.range);

    // Ask the driver (outside the extension host) to open the quick-fix menu and take the picture.
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'e2e-screenshot.request'), notify.toString());
    const done = path.join(ARTIFACTS, 'e2e-screenshot.done');
    const outcome = await waitFor('screenshot taken', () => fs.existsSync(done) && fs.readFileSync(done, 'utf8'), 60_000);
    assert.equal(outcome, 'ok', `screenshot: ${outcome}`);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      notify,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title).join(' | ');
    assert.ok(actions.some((a) => a.title.startsWith('Show the policy clause')), `show the clause among: ${titles}`);
    assert.ok(actions.some((a) => a.title.startsWith('Suppress')), `a suppression among: ${titles}`);
    const preferred = actions.find((a) => a.isPreferred && /redact/.test(a.title));
    assert.ok(preferred?.edit, `a preferred wrap-in-redact fix among: ${titles}`);
    assert.ok(await vscode.workspace.applyEdit(preferred.edit), 'the edit applies');
    await waitFor('the e-mail finding is gone', () => !ours(notify).some((d) => codeOf(d) === LOG_RULE && /customer\.email/.test(d.message)));
    assert.match(editor.document.getText(), /redact\(customer\.email\)/);
    assert.ok(ours(notify).some((d) => codeOf(d) === LOG_RULE), 'the other finding stays');
  });

  it('shows an error in a broken privacy-lens.yaml and clears it when fixed', async () => {
    const config = workspaceFile('privacy-lens.yaml');
    const good = fs.readFileSync(config.fsPath, 'utf8');
    const broken = good.replace('homeRegions: [US]', 'homeRegions: [US]\nhomeRegion: US');
    const badLine = broken.split('\n').findIndex((l) => l.startsWith('homeRegion:'));
    fs.writeFileSync(config.fsPath, broken);
    const errors = await waitFor('the config error', () => {
      const d = ours(config);
      return d.length > 0 && d;
    });
    assert.equal(errors[0].range.start.line, badLine);
    assert.equal(errors[0].severity, vscode.DiagnosticSeverity.Error);
    fs.writeFileSync(config.fsPath, good);
    await waitFor('the config error is cleared', () => ours(config).length === 0);
  });
});
