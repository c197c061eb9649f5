// Notices bytes from the client as soon as Node reads them, before vscode-jsonrpc has decoded and
// dispatched the message (it takes two turns of the event loop for that). The analysis queue uses
// it to hold background slices back, so that a newer edit or a hover is handled first instead of
// waiting behind one more slice per dispatch step.

/**
 * Calls `onInput` whenever the transport that `createConnection()` chose from the command line
 * (`--stdio` or `--node-ipc`) receives data. Returns false when the transport is not one of those.
 */
export function watchInput(onInput: () => void, argv: readonly string[] = process.argv): boolean {
  if (argv.includes('--stdio')) {
    // A second 'data' listener sees the same chunks as the connection's reader; it does not
    // consume them.
    process.stdin.on('data', onInput);
    return true;
  }
  if (argv.includes('--node-ipc') && typeof process.send === 'function') {
    process.on('message', onInput);
    return true;
  }
  return false;
}
