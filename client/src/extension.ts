// The VS Code extension: starts the Privacy Lens language server over IPC, and adds the commands,
// the status bar item and the output channel. No analysis happens here.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { statusNotification } from './protocol';
import { StatusBar } from './status-bar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const output = vscode.window.createOutputChannel('Privacy Lens', { log: true });
  const status = new StatusBar();
  context.subscriptions.push(output, status);

  const module = serverModule(context);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'javascriptreact' },
      // The config is synced so that saving it re-analyses, and its errors land in it.
      { scheme: 'file', pattern: '**/privacy-lens.{yaml,yml}' },
    ],
    outputChannel: output,
    diagnosticCollectionName: 'privacy-lens',
  };

  client = new LanguageClient('privacyLens', 'Privacy Lens', serverOptions, clientOptions);
  context.subscriptions.push(...registerCommands(client, output));
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) status.stopped();
    }),
  );
  await client.start();
  context.subscriptions.push(client.onNotification(statusNotification, (params) => status.show(params)));
  output.appendLine(`Privacy Lens server started (${module}).`);
  return client;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The bundled server in a packaged extension; the compiled one in a checkout. */
function serverModule(context: vscode.ExtensionContext): string {
  const bundled = context.asAbsolutePath('client/out/bundle/server.js');
  return fs.existsSync(bundled) ? bundled : context.asAbsolutePath('server/out/lsp/main.js');
}
