// Error monitoring: Sentry, in its US region, as a processor. Errors carry our ids and the agent's
// work e-mail so that on-call can reach the agent; customers' details stay out of breadcrumbs.

import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: 'https://4f1c2a9e@o451203.ingest.us.sentry.io/5512087',
  tracesSampleRate: 0.1,
  sendDefaultPii: false,
});

export interface Agent {
  id: string;
  email: string;
}

export function reportError(error: unknown, agent: Agent, callId?: string): void {
  Sentry.setUser({ id: agent.id, email: agent.email });
  Sentry.captureException(error, { tags: { callId: callId ?? 'none' } });
}
