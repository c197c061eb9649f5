// LSP work-done progress for the workspace's full analysis ("Privacy Lens: 120/2000 files"), and the
// server's status notification for the VS Code status bar. A client that did not advertise
// `window.workDoneProgress` gets no progress messages.

import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { statusNotification } from './protocol';
import type { StatusParams } from './protocol';

/** Reports are throttled: the client repaints, and thousands of messages would slow the analysis. */
const REPORT_INTERVAL_MS = 100;

export class AnalysisProgress {
  private reporter: Promise<WorkDoneProgressServerReporter> | undefined;
  private lastReport = 0;
  private lastStatus = '';

  constructor(
    private readonly connection: Connection,
    private readonly supported: boolean,
  ) {}

  /** Start (or keep) a progress bar for a full analysis. */
  begin(total: number): void {
    if (!this.supported || this.reporter) return;
    this.reporter = this.connection.window.createWorkDoneProgress().then(
      (reporter) => {
        reporter.begin('Privacy Lens', 0, `0/${total} files`, false);
        return reporter;
      },
      // The client refused the token: carry on without progress.
      () => ({ begin() {}, report() {}, done() {} }) as unknown as WorkDoneProgressServerReporter,
    );
  }

  report(done: number, total: number): void {
    if (!this.reporter) return;
    const now = Date.now();
    if (now - this.lastReport < REPORT_INTERVAL_MS) return;
    this.lastReport = now;
    const percentage = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    void this.reporter.then((r) => r.report(percentage, `${done}/${total} files`));
  }

  end(): void {
    const reporter = this.reporter;
    this.reporter = undefined;
    void reporter?.then((r) => r.done());
  }

  /** Send the status notification, skipping repeats. */
  status(params: StatusParams): void {
    const key = JSON.stringify(params);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    void this.connection.sendNotification(statusNotification, params);
  }
}
