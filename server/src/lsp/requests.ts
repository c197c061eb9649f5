// The server's custom requests (see protocol.ts) and the "Show the policy clause" command: small
// read-only views over the folders' state for the VS Code commands, the status bar and the bench.

import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../policy/types';
import { listBundledPacks } from './bundled-packs';
import type { ClientFeatures } from './capabilities';
import { pathToUri, toLspRange, uriToPath } from './convert';
import type { Folders } from './folders';
import { findingsAt } from './hover';
import { bundledPacksRequest, findingsAtRequest, showClauseCommand, statsRequest } from './protocol';
import type { FindingSummary } from './protocol';

export interface RequestContext {
  connection: Connection;
  features: ClientFeatures;
  folders: Folders;
  counters(): { analyses: number; lastAnalysisMs: number; lastEditEngineMs: number; lastEditServerMs: number };
}

export function registerRequests(ctx: RequestContext): void {
  const { connection } = ctx;
  connection.onRequest(bundledPacksRequest, () => listBundledPacks());

  connection.onRequest(findingsAtRequest, (params) => {
    const file = uriToPath(params.uri);
    const folder = file ? ctx.folders.folderOf(file) : undefined;
    if (!file || !folder) return [];
    return findingsAt(file, params.position, folder.allFindings()).map(summarise);
  });

  connection.onRequest(statsRequest, (params) => {
    // The bench starts the server with --expose-gc so that "memory after N edits" is live memory.
    if (params?.gc) (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const folders = ctx.folders.all();
    return {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      externalBytes: memory.external,
      files: folders.reduce((n, f) => n + f.analysedFileCount, 0),
      findings: folders.reduce((n, f) => n + f.findingCount, 0),
      ...ctx.counters(),
    };
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== showClauseCommand) return;
    const [url, title, quote] = (params.arguments ?? []) as [string?, string?, string?];
    if (!url) return;
    if (ctx.features.showDocument) {
      const shown = await connection.window.showDocument({ uri: url, external: true }).catch(() => ({ success: false }));
      if (shown.success) return;
    }
    // Without showDocument the clause's words are the next best thing.
    connection.window.showInformationMessage(`${title ?? 'Clause'}: "${quote ?? ''}" ${url}`);
  });
}

export function summarise(finding: Finding): FindingSummary {
  const steps: FindingSummary['steps'] = [];
  for (const data of finding.flow.data) {
    if (data.reason.location) {
      steps.push({
        location: { uri: pathToUri(data.reason.location.file), range: toLspRange(data.reason.location.range) },
        message: `source: ${data.reason.detail} (${data.category})`,
      });
    }
    for (const step of data.steps) {
      steps.push({ location: { uri: pathToUri(step.location.file), range: toLspRange(step.location.range) }, message: step.message });
    }
  }
  steps.push({ location: { uri: pathToUri(finding.location.file), range: toLspRange(finding.location.range) }, message: finding.message });
  return { ruleId: finding.ruleId, message: finding.message, range: toLspRange(finding.location.range), clause: { ...finding.clause }, steps };
}
