// Scan progress on stderr: one line rewritten in place, only on a terminal, only once a scan has
// run long enough to be worth watching, at most ten updates a second, cleared when the scan ends.

import * as path from 'node:path';
import type { Progress } from '../analysis/api';

export interface ProgressReporter {
  progress: Progress;
  /** Clears the line; call before anything else is printed. */
  finish(): void;
}

/** Short scans print nothing: a line that flashes for 100 ms is noise. */
const SHOW_AFTER_MS = 300;
const INTERVAL_MS = 100;

export function createProgressReporter(stream: NodeJS.WriteStream, root: string): ProgressReporter {
  if (!stream.isTTY) return { progress: () => undefined, finish: () => undefined };
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  const progress: Progress = (done, total, file) => {
    const now = Date.now();
    if (now - started < SHOW_AFTER_MS || now - lastDraw < INTERVAL_MS) return;
    lastDraw = now;
    const shown = file ? path.relative(root, file) : '';
    const line = `privacy-lens: ${done}/${total} files${shown ? `  ${shown}` : ''}`;
    const width = stream.columns && stream.columns > 10 ? stream.columns - 1 : 79;
    stream.write(`\r${line.length > width ? `${line.slice(0, width - 1)}…` : line}\x1b[K`);
    drawn = true;
  };
  return {
    progress,
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
