// Identity checks before an agent discusses a policy: the caller reads out their SSN and licence
// number, and we compare them with what is on file.

import type { Customer } from '../domain/customer';
import { callLogger } from '../lib/logger';
import { maskEmail, redact } from '../lib/redact';

export interface VerificationAttempt {
  callId: string;
  ssnGiven: string;
  licenceGiven: string;
}

export function verifyCaller(customer: Customer, attempt: VerificationAttempt): boolean {
  const log = callLogger(attempt.callId);
  const passed = attempt.ssnGiven === customer.ssn && attempt.licenceGiven === customer.licenceNo;
  log.info({ customerId: customer.id, passed }, 'caller verification');
  if (!passed) {
    log.warn({ expected: customer.ssn, given: attempt.ssnGiven }, 'SSN mismatch'); // expect: sonarcx/special-categories-not-logged
    log.warn({ email: maskEmail(customer.email), licence: redact(customer.licenceNo) }, 'verification failed');
  }
  return passed;
}
