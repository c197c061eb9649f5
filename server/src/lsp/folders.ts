// The workspace's folders, each a FolderState, and the lookup from a file to the folder that
// analyses it. A file opened outside every folder gets a "loose" folder of its own, analysed alone
// and dropped when it closes.

import * as path from 'node:path';
import { normalisePath, uriToPath } from './convert';
import { FolderState } from './workspace-state';

export class Folders {
  private readonly roots = new Map<string, FolderState>();
  private readonly loose = new Map<string, FolderState>();

  /** Add a workspace folder by URI; returns it, or undefined for a non-file URI or a duplicate. */
  add(uri: string): FolderState | undefined {
    const root = uriToPath(uri);
    if (!root || this.roots.has(root)) return undefined;
    const folder = new FolderState(root);
    this.roots.set(root, folder);
    return folder;
  }

  remove(uri: string): FolderState | undefined {
    const root = uriToPath(uri);
    const folder = root ? this.roots.get(root) : undefined;
    if (root) this.roots.delete(root);
    return folder;
  }

  /** The innermost workspace folder containing a file. */
  folderOf(file: string): FolderState | undefined {
    let best: FolderState | undefined;
    for (const folder of this.roots.values()) {
      if (folder.contains(file) && (!best || folder.root.length > best.root.length)) best = folder;
    }
    return best ?? this.loose.get(file);
  }

  /** A folder for a file outside every workspace folder: created on first use. */
  looseFolder(file: string): { folder: FolderState; created: boolean } {
    const existing = this.loose.get(file);
    if (existing) return { folder: existing, created: false };
    const folder = new FolderState(normalisePath(path.dirname(file)), [file]);
    this.loose.set(file, folder);
    return { folder, created: true };
  }

  dropLoose(file: string): FolderState | undefined {
    const folder = this.loose.get(file);
    this.loose.delete(file);
    return folder;
  }

  all(): FolderState[] {
    return [...this.roots.values(), ...this.loose.values()];
  }
}
