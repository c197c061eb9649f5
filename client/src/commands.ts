// The extension's commands: scan the workspace, choose policy packs, show a finding's flow, open
// the clause a finding breaks. Each asks the server (custom requests) and shows the answer with
// the editor's own UI.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { bundledPacksRequest, findingsAtRequest, scanWorkspaceRequest } from './protocol';
import type { FindingSummary } from './protocol';

export function registerCommands(client: LanguageClient, output: vscode.OutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('privacyLens.showOutput', () => output.show(true)),

    vscode.commands.registerCommand('privacyLens.scanWorkspace', async () => {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Privacy Lens: scanning the workspace' },
        () => client.sendRequest(scanWorkspaceRequest),
      );
      output.appendLine(`Scan started: ${result.files} files.`);
      return result;
    }),

    vscode.commands.registerCommand('privacyLens.choosePacks', async () => {
      const packs = await client.sendRequest(bundledPacksRequest);
      const folder = await pickFolder();
      const config = vscode.workspace.getConfiguration('privacyLens', folder?.uri);
      const current = new Set(config.get<string[]>('packs') ?? []);
      const picked = await vscode.window.showQuickPick(
        packs.map((p) => ({ label: p.id, description: p.company, detail: p.title, picked: current.has(p.id) })),
        { canPickMany: true, title: 'Policy packs to apply (none: the packs privacy-lens.yaml names)' },
      );
      if (!picked) return undefined;
      const ids = picked.map((p) => p.label);
      await config.update('packs', ids, folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace);
      return ids;
    }),

    vscode.commands.registerCommand('privacyLens.showFlow', async (uri?: vscode.Uri, position?: vscode.Position) => {
      const finding = await findingAtCursor(client, uri, position);
      if (!finding) return undefined;
      const items = finding.steps.map((step, i) => ({
        label: `${i + 1}. ${step.message}`,
        description: `${vscode.workspace.asRelativePath(vscode.Uri.parse(step.location.uri))}:${step.location.range.start.line + 1}`,
        step,
      }));
      const chosen = await vscode.window.showQuickPick(items, { title: `${finding.ruleId}: ${finding.message}` });
      if (chosen) {
        const { location } = chosen.step;
        const range = new vscode.Range(location.range.start.line, location.range.start.character, location.range.end.line, location.range.end.character);
        await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: range });
      }
      return finding;
    }),

    vscode.commands.registerCommand('privacyLens.openClause', async (uri?: vscode.Uri, position?: vscode.Position) => {
      const finding = await findingAtCursor(client, uri, position);
      if (!finding) return undefined;
      await vscode.env.openExternal(vscode.Uri.parse(finding.clause.url));
      return finding.clause;
    }),
  ];
}

/** The finding at the given position, or at the active editor's cursor; asks when there are several. */
async function findingAtCursor(client: LanguageClient, uri?: vscode.Uri, position?: vscode.Position): Promise<FindingSummary | undefined> {
  const editor = vscode.window.activeTextEditor;
  const targetUri = uri ?? editor?.document.uri;
  const target = position ?? editor?.selection.active;
  if (!targetUri || !target) {
    void vscode.window.showInformationMessage('Privacy Lens: put the cursor on a finding first.');
    return undefined;
  }
  const findings = await client.sendRequest(findingsAtRequest, {
    uri: client.code2ProtocolConverter.asUri(targetUri),
    position: { line: target.line, character: target.character },
  });
  if (findings.length === 0) {
    void vscode.window.showInformationMessage('Privacy Lens: no finding at the cursor.');
    return undefined;
  }
  if (findings.length === 1) return findings[0];
  const chosen = await vscode.window.showQuickPick(
    findings.map((f) => ({ label: f.ruleId, detail: f.message, finding: f })),
    { title: 'Which finding?' },
  );
  return chosen?.finding;
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder do the packs apply to?' });
}
