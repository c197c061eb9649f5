// SHA-256 of normalised identifiers, in the form advertising platforms expect for matching.
// A hash is pseudonymisation, not anonymisation: the platform hashes its own users the same way.

import { createHash } from 'node:crypto';

export function sha256(value: string): string {
  return createHash('sha256').update(value.trim().toLowerCase()).digest('hex');
}
