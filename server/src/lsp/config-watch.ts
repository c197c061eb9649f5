// Files on disk that change what the server knows: `privacy-lens.yaml`, packs, `tsconfig.json`, and
// source files edited outside the editor. Registers the watchers (when the client can) and sorts
// each event into "rebuild the rule set", "reopen the project" or "a source file changed".

import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import type { Connection, FileEvent } from 'vscode-languageserver';
import { uriToPath } from './convert';
import type { FolderState } from './workspace-state';

export const sourceFilePattern = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

export async function registerWatchers(connection: Connection): Promise<void> {
  await connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: [
      { globPattern: '**/privacy-lens.{yaml,yml}' },
      // Packs may live anywhere the config points; the event is filtered against the packs in force.
      { globPattern: '**/*.{yaml,yml}' },
      { globPattern: '**/tsconfig*.json' },
      { globPattern: '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}' },
    ],
  });
}

export interface SortedEvents {
  /** Folders whose config or packs changed. */
  reload: Set<FolderState>;
  /** Folders whose tsconfig changed, or whose files were created or deleted. */
  reopen: Set<FolderState>;
  /** Source files changed on disk (not open in the editor), by folder. */
  changed: Map<FolderState, string[]>;
}

export function sortEvents(
  events: readonly FileEvent[],
  folderOf: (file: string) => FolderState | undefined,
  isOpen: (file: string) => boolean,
): SortedEvents {
  const out: SortedEvents = { reload: new Set(), reopen: new Set(), changed: new Map() };
  for (const event of events) {
    const file = uriToPath(event.uri);
    if (!file) continue;
    const folder = folderOf(file);
    if (!folder) continue;
    if (folder.isConfigFile(file)) {
      out.reload.add(folder);
    } else if (/(^|\/)tsconfig[^/]*\.json$/.test(file)) {
      out.reopen.add(folder);
    } else if (sourceFilePattern.test(file) && !/\/node_modules\//.test(file)) {
      // A new or deleted file changes the project's file list; an edit only that file's text.
      if (event.type !== FileChangeType.Changed) out.reopen.add(folder);
      else if (!isOpen(file)) {
        let list = out.changed.get(folder);
        if (!list) out.changed.set(folder, (list = []));
        list.push(file);
      }
    }
  }
  return out;
}
