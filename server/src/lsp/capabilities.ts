// What the connected client says it can do, read once at initialize. Every feature asks this object
// rather than the raw capability tree, so that a plain LSP client gets exactly what it advertised
// (no related information, no code descriptions, no progress) and the same findings otherwise.

import { MarkupKind } from 'vscode-languageserver';
import type { ClientCapabilities } from 'vscode-languageserver';

export interface ClientFeatures {
  /** `workspace/configuration`: settings are read per resource; otherwise from didChangeConfiguration. */
  configuration: boolean;
  /** Dynamic registration for configuration change notifications. */
  configurationRegistration: boolean;
  workspaceFolders: boolean;
  /** Dynamic registration of file watchers for configs, packs and sources changed on disk. */
  watchedFilesRegistration: boolean;
  relatedInformation: boolean;
  codeDescription: boolean;
  /** `data` on diagnostics comes back in code action requests. */
  diagnosticData: boolean;
  workDoneProgress: boolean;
  showDocument: boolean;
  hoverMarkdown: boolean;
  /** Versioned `documentChanges` in workspace edits. */
  documentChanges: boolean;
  /** Code actions as literals with kinds (else only commands). */
  codeActionLiterals: boolean;
}

export function readClientFeatures(caps: ClientCapabilities): ClientFeatures {
  const publish = caps.textDocument?.publishDiagnostics;
  return {
    configuration: caps.workspace?.configuration === true,
    configurationRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    workspaceFolders: caps.workspace?.workspaceFolders === true,
    watchedFilesRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    relatedInformation: publish?.relatedInformation === true,
    codeDescription: publish?.codeDescriptionSupport === true,
    diagnosticData: publish?.dataSupport === true,
    workDoneProgress: caps.window?.workDoneProgress === true,
    showDocument: caps.window?.showDocument?.support === true,
    hoverMarkdown: (caps.textDocument?.hover?.contentFormat ?? []).includes(MarkupKind.Markdown),
    documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
    codeActionLiterals: caps.textDocument?.codeAction?.codeActionLiteralSupport !== undefined,
  };
}
