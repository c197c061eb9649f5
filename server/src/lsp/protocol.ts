// The custom requests and notifications the language server adds to LSP, by name and shape. The
// VS Code client mirrors these names in client/src/protocol.ts (it never imports server code); any
// other client can use them or ignore them, the standard features work without them.

import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver';
import type { Location as LspLocation, Position as LspPosition } from 'vscode-languageserver';

/** Where the server is: the status bar shows this. */
export interface StatusParams {
  state: 'starting' | 'analyzing' | 'ready' | 'config-error' | 'disabled';
  /** Findings currently reported across the workspace. */
  findings: number;
  /** Files analysed so far. */
  files: number;
  /** A short human sentence for the tooltip ("3 of 40 files", "privacy-lens.yaml:4:3: unknown key"). */
  message?: string;
}
export const statusNotification = new NotificationType<StatusParams>('privacyLens/status');

/** Re-read configs and packs and analyse every folder again. */
export const scanWorkspaceRequest = new RequestType0<{ files: number; findings: number }, void>('privacyLens/scanWorkspace');

export interface BundledPackInfo {
  id: string;
  title: string;
  company: string;
}
/** The policy packs that ship with the server, for the "choose policy packs" command. */
export const bundledPacksRequest = new RequestType0<BundledPackInfo[], void>('privacyLens/bundledPacks');

export interface FindingAtParams {
  uri: string;
  position: LspPosition;
}
export interface FindingSummary {
  ruleId: string;
  message: string;
  range: LspLocation['range'];
  clause: { policy: string; policyTitle: string; id: string; title: string; quote: string; url: string };
  /** The source declarations and the flow steps, in order. */
  steps: Array<{ location: LspLocation; message: string }>;
}
/** The findings whose sink call or flow path covers a position (the "show flow" and "open clause" commands). */
export const findingsAtRequest = new RequestType<FindingAtParams, FindingSummary[], void>('privacyLens/findingsAt');

export interface ServerStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** What V8 has reserved for its heap, and memory held outside it (buffers): RSS minus these is native. */
  heapTotalBytes: number;
  externalBytes: number;
  files: number;
  findings: number;
  /** Analyses run since start and the last one's duration. */
  analyses: number;
  lastAnalysisMs: number;
  /** Engine time (update, analyse, evaluate) of the last edit's own files. */
  lastEditEngineMs: number;
  /** From reading the last edit to writing its diagnostics (engine, debounce and queueing). */
  lastEditServerMs: number;
}
/**
 * Memory and counters, for the latency bench ("memory flat after 1,000 edits"). With `{ gc: true }`
 * (and a server started with --expose-gc) memory is measured after a full collection: a pause of
 * its own, so the bench asks for it only when it samples memory, not after every edit.
 */
export const statsRequest = new RequestType<{ gc?: boolean } | undefined, ServerStats, void>('privacyLens/stats');

/** The server-side command behind the "Show the policy clause" code action. */
export const showClauseCommand = 'privacyLens.server.showClause';
