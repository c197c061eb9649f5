// The language server's wiring: connection, documents and the LSP handlers, each delegating to the
// feature module that owns it. Used by `privacy-lens lsp --stdio` and by the VS Code extension over
// IPC (the transport is chosen from the command line).

import * as fs from 'node:fs';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import type { Connection, InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisQueue } from './analysis-queue';
import { watchInput } from './input-watch';
import { readClientFeatures } from './capabilities';
import type { ClientFeatures } from './capabilities';
import { codeActions, fixAllKind } from './code-actions';
import { checkConfigText, configFilePattern } from './config-live';
import { registerWatchers, sortEvents, sourceFilePattern } from './config-watch';
import { pathToUri, uriToPath } from './convert';
import { Folders } from './folders';
import { buildHover } from './hover';
import { AnalysisProgress } from './progress';
import { scanWorkspaceRequest, showClauseCommand } from './protocol';
import { Publisher } from './publisher';
import { registerRequests } from './requests';
import { SettingsStore } from './settings';
import type { FolderState } from './workspace-state';

export interface ServerOptions {
  /** Quiet time after a keystroke before analysing; default 30 ms, or `initializationOptions.debounceMs`. */
  debounceMs?: number;
}

export function startServer(options: ServerOptions = {}, connection?: Connection): Connection {
  const ownTransport = !connection;
  connection ??= createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const folders = new Folders();
  let features: ClientFeatures;
  let settings: SettingsStore;
  let publisher: Publisher;
  let progress: AnalysisProgress;
  let queue: AnalysisQueue;
  let debounceMs = options.debounceMs ?? 30;
  const justOpened = new Set<string>();

  const openDocument = (file: string) => documents.get(openUris.get(file) ?? pathToUri(file));
  const openUris = new Map<string, string>();
  const log = (message: string) => connection.console.log(message);
  // The server is an edge: a stray rejection is logged, never allowed to end the process.
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

  const reportStatus = (busy: boolean, done = 0, total = 0) => {
    const all = folders.all();
    const findings = all.reduce((n, f) => n + f.findingCount, 0);
    const files = all.reduce((n, f) => n + f.analysedFileCount, 0);
    const broken = all.find((f) => f.configErrors.length > 0);
    const firstError = broken?.configErrors[0];
    if (busy) {
      if (total > 0) progress.begin(total);
      progress.report(done, total);
      progress.status({ state: 'analyzing', findings, files, message: total > 0 ? `${done}/${total} files` : undefined });
    } else {
      progress.end();
      progress.status(
        firstError
          ? { state: 'config-error', findings, files, message: `${firstError.file}:${firstError.line}:${firstError.column}: ${firstError.message}` }
          : { state: 'ready', findings, files },
      );
    }
  };

  /** Load a folder's rule set and (if it changed) reopen its project and analyse it all. */
  const loadFolder = async (folder: FolderState, force = false): Promise<void> => {
    const folderSettings = await settings.get(pathToUri(folder.root));
    const outcome = folder.reload(folderSettings.packs);
    publisher.publishConfigErrors(folder);
    if (!outcome.changed && !force) {
      reportStatus(queue.busy);
      return;
    }
    reopenFolder(folder);
  };

  const reopenFolder = (folder: FolderState) => {
    queue.drop(folder);
    const stale = folder.clearResults();
    folder.openProject();
    if (folder.openError) connection.console.error(`Privacy Lens could not open ${folder.root}: ${folder.openError}`);
    // Old diagnostics stay until the new analysis replaces them; files that lose all findings are
    // cleared when the full analysis has passed them.
    const open = documents.all().flatMap((d) => {
      const file = uriToPath(d.uri);
      return file && folder.contains(file) && sourceFilePattern.test(file) ? [file] : [];
    });
    for (const file of open) {
      const doc = openDocument(file);
      if (doc && doc.getText() !== readDisk(file)) queue.change(folder, file, doc.getText());
    }
    queue.analyseAll(folder, open);
    const staleSet = new Set(stale);
    if (staleSet.size > 0) {
      const project = folder.project;
      // Files the new project no longer analyses would otherwise keep their old diagnostics.
      publisher.clear(stale.filter((f) => !project || !project.files.includes(f)));
    }
    reportStatus(true, 0, folder.project?.files.length ?? 0);
  };

  const folderFor = (file: string): FolderState | undefined => {
    const folder = folders.folderOf(file);
    if (folder) return folder;
    const loose = folders.looseFolder(file);
    if (loose.created) void loadFolder(loose.folder, true);
    return loose.folder;
  };

  connection.onInitialize((params): InitializeResult => {
    features = readClientFeatures(params.capabilities);
    settings = new SettingsStore(connection, features.configuration);
    publisher = new Publisher(connection, features, settings, openDocument);
    progress = new AnalysisProgress(connection, features.workDoneProgress);
    const init = (params.initializationOptions ?? {}) as { debounceMs?: unknown };
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    queue = new AnalysisQueue(
      {
        publish: (folder, files) => publisher.publish(folder, files),
        onActivity: ({ busy, done, total }) => reportStatus(busy, done, total),
        log,
      },
      { debounceMs, sliceMs: 25, idleBeforeBackgroundMs: 250 },
    );
    if (ownTransport) watchInput(() => queue.inputArrived());
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    roots.forEach((uri) => folders.add(uri));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind], resolveProvider: false },
        executeCommandProvider: { commands: [showClauseCommand] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'privacy-lens', version: readVersion() },
    };
  });

  connection.onInitialized(() => {
    progress.status({ state: 'starting', findings: 0, files: 0 });
    // A refused registration only means fewer notifications; it must not become an unhandled rejection.
    const refused = (what: string) => (e: unknown) => log(`client refused ${what}: ${e instanceof Error ? e.message : String(e)}`);
    if (features.configurationRegistration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'privacyLens' }).catch(refused('configuration notifications'));
    }
    if (features.watchedFilesRegistration) registerWatchers(connection).catch(refused('file watchers'));
    if (features.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) {
          const folder = folders.remove(removed.uri);
          if (!folder) continue;
          queue.drop(folder);
          publisher.clear(folder.clearResults());
          folder.configErrors = [];
          publisher.publishConfigErrors(folder);
          publisher.forgetFolder(folder);
          folder.dispose();
        }
        for (const added of event.added) {
          const folder = folders.add(added.uri);
          if (folder) void loadFolder(folder, true);
        }
      });
    }
    // Opening a big project blocks for a while: let the initialized round trip finish first.
    setImmediate(() => {
      for (const folder of folders.all()) void loadFolder(folder, true);
    });
  });

  documents.onDidOpen(({ document }) => {
    const file = uriToPath(document.uri);
    if (!file) return;
    openUris.set(file, document.uri);
    if (!sourceFilePattern.test(file)) return;
    justOpened.add(file);
    const folder = folderFor(file);
    if (folder?.project && document.getText() !== readDisk(file)) queue.change(folder, file, document.getText());
  });

  documents.onDidChangeContent(({ document }) => {
    const file = uriToPath(document.uri);
    if (file && configFilePattern.test(file)) {
      // The saved text has the rule set's full errors (meaning too); an edited buffer gets the
      // syntax and schema check until it is saved.
      const folder = folders.folderOf(file);
      if (document.getText() === readDisk(file) && folder) publisher.publishConfigErrors(folder);
      else publisher.publishLiveConfigErrors(file, checkConfigText(file, document.getText()));
      return;
    }
    if (!file || !sourceFilePattern.test(file)) return;
    // TextDocuments reports the open itself as a content change; onDidOpen handled that.
    if (justOpened.delete(file)) return;
    const folder = folderFor(file);
    if (folder) queue.change(folder, file, document.getText());
  });

  documents.onDidSave(({ document }) => {
    const file = uriToPath(document.uri);
    const folder = file ? folders.folderOf(file) : undefined;
    // Clients without file watchers still tell us when a config or pack is saved.
    if (file && folder?.isConfigFile(file)) void loadFolder(folder);
  });

  documents.onDidClose(({ document }) => {
    const file = uriToPath(document.uri);
    if (!file) return;
    openUris.delete(file);
    justOpened.delete(file);
    settings.forget(document.uri);
    const loose = folders.dropLoose(file);
    if (loose) {
      queue.drop(loose);
      publisher.clear([file]);
      loose.dispose();
      return;
    }
    const folder = folders.folderOf(file);
    if (folder && sourceFilePattern.test(file)) queue.change(folder, file, undefined);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const sorted = sortEvents(changes, (file) => folders.folderOf(file), (file) => openUris.has(file));
    for (const folder of sorted.reload) void loadFolder(folder);
    for (const folder of sorted.reopen) if (!sorted.reload.has(folder)) reopenFolder(folder);
    for (const [folder, files] of sorted.changed) if (!sorted.reopen.has(folder)) files.forEach((f) => queue.change(folder, f, undefined));
  });

  connection.onDidChangeConfiguration(async ({ settings: pushed }) => {
    settings.changed(pushed);
    for (const folder of folders.all()) {
      const next = await settings.get(pathToUri(folder.root));
      if (JSON.stringify(next.packs) !== JSON.stringify(folder.packs)) await loadFolder(folder);
      else {
        // Severity and enable are applied at publish time: republish what the folder has.
        const files = [...new Set([...folder.allFindings()].map((f) => f.location.file))];
        await publisher.publish(folder, [...files, ...documents.all().flatMap((d) => uriToPath(d.uri) ?? [])].filter((f) => folder.contains(f)));
      }
    }
  });

  connection.onHover(({ textDocument, position }) => {
    const file = uriToPath(textDocument.uri);
    const folder = file ? folders.folderOf(file) : undefined;
    if (!file || !folder) return null;
    queue.flushTexts();
    let explanation;
    try {
      explanation = folder.project?.explain(file, position);
    } catch (e) {
      log(`explain failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return buildHover(file, position, explanation, folder.allFindings(), features.hoverMarkdown);
  });

  connection.onCodeAction(({ textDocument, context }) => {
    const file = uriToPath(textDocument.uri);
    const folder = file ? folders.folderOf(file) : undefined;
    const document = documents.get(textDocument.uri);
    if (!file || !folder || !document) return [];
    queue.flushTexts();
    const fix = folder.ruleSet?.config.fix;
    return codeActions({
      file,
      document,
      diagnostics: context.diagnostics,
      only: context.only,
      findings: folder.findingsOf(file),
      project: folder.project,
      fixOptions: {
        ...(fix?.sanitiser ? { sanitiser: fix.sanitiser } : {}),
        ...(fix?.import ? { sanitiserImport: fix.import } : {}),
        ...(folder.ruleSet?.config.homeRegions ? { homeRegions: folder.ruleSet.config.homeRegions } : {}),
      },
      features,
      versionOf: (f) => openDocument(f)?.version ?? null,
      uriOf: (f) => publisher.uriOf(f),
    });
  });

  connection.onRequest(scanWorkspaceRequest, async () => {
    for (const folder of folders.all()) await loadFolder(folder, true);
    const all = folders.all();
    return { files: all.reduce((n, f) => n + (f.project?.files.length ?? 0), 0), findings: all.reduce((n, f) => n + f.findingCount, 0) };
  });

  registerRequests({
    connection,
    get features() {
      return features;
    },
    folders,
    counters: () => ({ analyses: queue.analyses, lastAnalysisMs: queue.lastAnalysisMs, lastEditEngineMs: queue.lastEditEngineMs, lastEditServerMs: queue.lastEditServerMs }),
  });

  connection.onShutdown(() => {
    for (const folder of folders.all()) folder.dispose();
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

function readDisk(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readVersion(): string {
  try {
    // Compiled: server/out/lsp → package.json three levels up; bundled: found the same way as rules/.
    for (const candidate of ['../../../package.json', '../../package.json', '../package.json']) {
      const file = require('node:path').join(__dirname, candidate);
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'privacy-lens' && pkg.version) return pkg.version;
      }
    }
  } catch {
    // The version is informational only.
  }
  return '0.0.0';
}
