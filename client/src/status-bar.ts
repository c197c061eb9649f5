// The status bar item: what the server is doing and how many findings the workspace has, from the
// server's status notification. Clicking it shows the output channel.

import * as vscode from 'vscode';
import type { StatusParams } from './protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('privacyLens.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Privacy Lens';
    this.item.command = 'privacyLens.showOutput';
    this.show({ state: 'starting', findings: 0, files: 0 });
    this.item.show();
  }

  show(status: StatusParams): void {
    this.item.backgroundColor = undefined;
    switch (status.state) {
      case 'starting':
        this.item.text = '$(loading~spin) Privacy Lens';
        this.item.tooltip = 'Privacy Lens is starting';
        break;
      case 'analyzing':
        this.item.text = `$(loading~spin) Privacy Lens ${status.message ?? ''}`.trimEnd();
        this.item.tooltip = `Analysing the workspace: ${status.findings} findings so far`;
        break;
      case 'ready':
        this.item.text = `$(shield) ${status.findings}`;
        this.item.tooltip = `Privacy Lens: ${status.findings} findings in ${status.files} analysed files`;
        break;
      case 'config-error':
        this.item.text = `$(error) Privacy Lens ${status.findings}`;
        this.item.tooltip = `Privacy Lens configuration error (the last good configuration stays in force): ${status.message ?? ''}`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'disabled':
        this.item.text = '$(circle-slash) Privacy Lens';
        this.item.tooltip = 'Privacy Lens is disabled';
        break;
    }
  }

  /** The server stopped: say so instead of showing stale figures. */
  stopped(): void {
    this.item.text = '$(debug-disconnect) Privacy Lens';
    this.item.tooltip = 'The Privacy Lens server is not running; see the output channel';
  }

  dispose(): void {
    this.item.dispose();
  }
}
