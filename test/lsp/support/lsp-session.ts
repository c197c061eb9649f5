// A real LSP client for tests and the bench: spawns the language server over stdio and speaks
// JSON-RPC to it with vscode-languageserver-protocol, answering the server's own requests
// (configuration, registrations, progress) the way a plain editor would.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, Diagnostic, FileEvent, InitializeResult, ProtocolConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

/** test/out/lsp/support → the repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const CLI_MAIN = path.join(REPO_ROOT, 'server', 'out', 'cli', 'main.js');
export const LSP_MAIN = path.join(REPO_ROOT, 'server', 'out', 'lsp', 'main.js');

/** What VS Code advertises for the features Privacy Lens uses. */
export const fullCapabilities: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } },
      isPreferredSupport: true,
      dataSupport: true,
    },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
};

export interface SessionOptions {
  workspace: string;
  capabilities?: ClientCapabilities;
  /** What `workspace/configuration` answers for `privacyLens`. */
  settings?: Record<string, unknown>;
  /** Start through the CLI (`privacy-lens lsp --stdio`) instead of the server's own entry. */
  viaCli?: boolean;
  nodeArgs?: string[];
  /** Another server entry (a bundle); default the compiled server. */
  entry?: string;
  initializationOptions?: Record<string, unknown>;
}

export class LspSession {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly registrations: string[] = [];
  stderr = '';
  private waiters: Array<() => void> = [];
  initializeResult: InitializeResult | undefined;
  settings: Record<string, unknown>;

  constructor(readonly options: SessionOptions) {
    this.settings = options.settings ?? {};
    const entry = options.entry ? [options.entry, '--stdio'] : options.viaCli && fs.existsSync(CLI_MAIN) ? [CLI_MAIN, 'lsp', '--stdio'] : [LSP_MAIN, '--stdio'];
    this.child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'privacyLens' ? this.settings : null)));
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
    });
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onRequest('window/showDocument', () => ({ success: true }));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.wake();
    });
    this.connection.onUnhandledNotification((message) => {
      this.notifications.push({ method: message.method, params: message.params });
      this.wake();
    });
    this.connection.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const rootUri = uriOf(this.options.workspace);
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(this.options.workspace) }],
      capabilities: this.options.capabilities ?? fullCapabilities,
      initializationOptions: this.options.initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  open(file: string, text = fs.readFileSync(file, 'utf8'), languageId = languageOf(file)): void {
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  }

  /** Replace the whole text (a full-range incremental change). */
  change(file: string, version: number, text: string): void {
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uriOf(file), version },
      contentChanges: [{ text }],
    });
  }

  close(file: string): void {
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(file) } });
  }

  watched(changes: FileEvent[]): void {
    void this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Wait until the latest diagnostics of a file satisfy a condition. */
  async waitForDiagnostics(file: string, condition: (d: Diagnostic[]) => boolean, timeoutMs = 60_000, label = ''): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    await this.waitFor(() => {
      const d = this.diagnostics.get(uri);
      return d !== undefined && condition(d.diagnostics);
    }, timeoutMs, `diagnostics of ${path.basename(file)} ${label}`);
    return this.diagnostics.get(uri)!.diagnostics;
  }

  async waitForNotification(method: string, condition: (params: unknown) => boolean, timeoutMs = 60_000): Promise<unknown> {
    let found: unknown;
    await this.waitFor(() => {
      found = this.notifications.find((n) => n.method === method && condition(n.params));
      return found !== undefined;
    }, timeoutMs, `notification ${method}`);
    return (found as { params: unknown }).params;
  }

  waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}\nserver stderr:\n${this.stderr}`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), delay(5000)]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may already be gone.
    }
    await Promise.race([new Promise((r) => this.child.once('exit', r)), delay(3000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

function languageOf(file: string): string {
  if (/\.tsx$/.test(file)) return 'typescriptreact';
  if (/\.ts$/.test(file)) return 'typescript';
  if (/\.jsx$/.test(file)) return 'javascriptreact';
  if (/\.(yaml|yml)$/.test(file)) return 'yaml';
  return 'javascript';
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** A fresh copy of a fixture folder in a temp directory (tests edit files in it). */
export function copyFixture(fixture: string): string {
  const target = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-lsp-')));
  fs.cpSync(fixture, target, { recursive: true });
  return target;
}

export const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'lsp-workspace');
