// The service's logger: one pino instance with the service name bound, and per-call child loggers
// so that every line about a call carries its id. Call sites log through these, never console.

import pino from 'pino';

export const logger = pino({ name: 'contact-center', level: process.env.LOG_LEVEL ?? 'info' });

/** A logger whose lines all carry the call id. */
export function callLogger(callId: string) {
  return logger.child({ callId });
}
