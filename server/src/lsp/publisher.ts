// Sends diagnostics: findings and problems of analysed files, and config and pack errors in the
// files they are about. Only files that have, or had, something to show are sent, so that a
// 2,000-file workspace does not get 2,000 empty notifications.

import * as fs from 'node:fs';
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigError } from '../policy/types';
import type { ClientFeatures } from './capabilities';
import { pathToUri } from './convert';
import { configErrorDiagnostic, fileDiagnostics } from './diagnostics';
import type { SettingsStore } from './settings';
import type { FolderState } from './workspace-state';

export class Publisher {
  private readonly nonEmpty = new Set<string>();
  /** Files that have config-error diagnostics, per folder, so that recovery clears them. */
  private readonly configFiles = new Map<FolderState, Set<string>>();
  /** Config files whose unsaved buffer has (or had) live errors. */
  private readonly live = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly features: ClientFeatures,
    private readonly settings: SettingsStore,
    private readonly openDocument: (file: string) => TextDocument | undefined,
  ) {}

  /** The URI the client uses for a file: its own spelling when the file is open. */
  uriOf(file: string): string {
    return this.openDocument(file)?.uri ?? pathToUri(file);
  }

  /**
   * Publish files of a folder from its current state. Settings are read per open document and per
   * folder otherwise: an open file can have its own resource settings, and the others share them.
   */
  publish(folder: FolderState, files: readonly string[]): Promise<void> {
    const folderUri = pathToUri(folder.root);
    return Promise.all(
      files.map(async (file) => {
        const open = this.openDocument(file);
        const settings = await this.settings.get(open ? open.uri : folderUri);
        const diagnostics = fileDiagnostics(folder.findingsOf(file), folder.problemsOf(file), settings, this.features);
        if (diagnostics.length === 0 && !this.nonEmpty.has(file)) return;
        if (diagnostics.length > 0) this.nonEmpty.add(file);
        else this.nonEmpty.delete(file);
        await this.connection.sendDiagnostics({ uri: this.uriOf(file), version: open?.version, diagnostics });
      }),
    ).then(() => undefined);
  }

  /** Clear diagnostics of files (results dropped, folder removed). */
  clear(files: Iterable<string>): void {
    for (const file of files) {
      if (!this.nonEmpty.delete(file)) continue;
      void this.connection.sendDiagnostics({ uri: this.uriOf(file), diagnostics: [] });
    }
  }

  /** Errors of an unsaved config buffer (config-live.ts); the next rule-set load replaces them. */
  publishLiveConfigErrors(file: string, errors: readonly ConfigError[]): void {
    this.live.add(file);
    const text = this.openDocument(file)?.getText();
    void this.connection.sendDiagnostics({ uri: this.uriOf(file), diagnostics: errors.map((e) => configErrorDiagnostic(e, text)) });
  }

  /** Config and pack errors of a folder, in the files they point at; files fixed since are cleared. */
  publishConfigErrors(folder: FolderState): void {
    const byFile = new Map<string, typeof folder.configErrors>();
    for (const error of folder.configErrors) {
      let list = byFile.get(error.file);
      if (!list) byFile.set(error.file, (list = []));
      list.push(error);
    }
    const previous = new Set([...(this.configFiles.get(folder) ?? []), ...[...this.live].filter((f) => folder.contains(f))]);
    for (const file of previous) this.live.delete(file);
    for (const file of previous) {
      if (!byFile.has(file)) void this.connection.sendDiagnostics({ uri: this.uriOf(file), diagnostics: [] });
    }
    for (const [file, errors] of byFile) {
      const text = this.openDocument(file)?.getText() ?? readText(file);
      void this.connection.sendDiagnostics({ uri: this.uriOf(file), diagnostics: errors.map((e) => configErrorDiagnostic(e, text)) });
    }
    this.configFiles.set(folder, new Set(byFile.keys()));
  }

  forgetFolder(folder: FolderState): void {
    this.configFiles.delete(folder);
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
