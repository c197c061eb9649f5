// The `privacyLens.*` settings as the server reads them: per resource through
// `workspace/configuration` (vscode-eslint's model), remembered per URI only until the client says
// the configuration changed. Clients without `workspace/configuration` push one global object instead.

import type { Connection } from 'vscode-languageserver';
import type { Severity } from '../policy/types';

export interface Settings {
  /** Off → the resource gets no diagnostics. */
  enable: boolean;
  /** Bundled pack ids or pack file paths; empty → the packs the project's config names. */
  packs: string[];
  /** Rule id → severity or `off`, applied on top of the config's own overrides. */
  severity: Record<string, Severity | 'off'>;
}

export const defaultSettings: Settings = Object.freeze({ enable: true, packs: [], severity: {} });

/** Accept what the client sends, however malformed, and fall back field by field. */
export function sanitiseSettings(raw: unknown): Settings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const packs = Array.isArray(value.packs) ? value.packs.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  const severity: Record<string, Severity | 'off'> = {};
  if (value.severity && typeof value.severity === 'object') {
    for (const [rule, level] of Object.entries(value.severity as Record<string, unknown>)) {
      if (level === 'error' || level === 'warning' || level === 'note' || level === 'off') severity[rule] = level;
    }
  }
  return { enable: value.enable !== false, packs, severity };
}

export class SettingsStore {
  private readonly perResource = new Map<string, Promise<Settings>>();
  private pushed: Settings = defaultSettings;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
  ) {}

  /** Settings for a file or folder URI. */
  get(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    let pending = this.perResource.get(uri);
    if (!pending) {
      pending = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'privacyLens' })
        .then(sanitiseSettings, () => defaultSettings);
      this.perResource.set(uri, pending);
    }
    return pending;
  }

  /** `workspace/didChangeConfiguration`: forget everything; a push client sends the new values. */
  changed(pushedSettings: unknown): void {
    this.perResource.clear();
    if (!this.pull) {
      const section = (pushedSettings as { privacyLens?: unknown } | undefined)?.privacyLens;
      this.pushed = sanitiseSettings(section);
    }
  }

  forget(uri: string): void {
    this.perResource.delete(uri);
  }
}
