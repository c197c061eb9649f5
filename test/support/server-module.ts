// Loads a compiled server module for a unit test. Tests compile to test/out/, one folder deeper
// than their sources, so a relative import of server/src would point at the wrong place once
// compiled; tests import the module's *types* from server/src and its code through this function.
//
//   const { formatSarif } = serverModule<typeof import('../../server/src/cli/format-sarif')>('cli/format-sarif');

import * as path from 'node:path';

/** test/out/support → server/out. */
const SERVER_OUT = path.join(__dirname, '..', '..', '..', 'server', 'out');

export function serverModule<T>(relative: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(SERVER_OUT, relative)) as T;
}
