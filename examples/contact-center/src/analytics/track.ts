// Product analytics: what agents and self-service customers do, keyed by our own ids. Segment is our
// analytics processor; IP addresses go there for the website-performance dashboards.

import { Analytics } from '@segment/analytics-node';
import type { Customer } from '../domain/customer';
import type { Call } from '../domain/call';

const analytics = new Analytics({ writeKey: process.env.SEGMENT_WRITE_KEY ?? '' });

export function trackCallCompleted(call: Call): void {
  analytics.track({
    userId: call.customerId,
    event: 'Call Completed',
    properties: { queue: call.queue, durationSeconds: call.durationSeconds, agentId: call.agentId },
  });
}

export function trackPortalVisit(customer: Customer, page: string): void {
  analytics.page({ userId: customer.id, name: page, context: { ip: customer.ipAddress } });
}

/** Underwriting wants to see which conditions drive portal sign-ups. */
export function trackQuoteStarted(customer: Customer): void {
  const properties = { conditions: customer.healthConditions, state: customer.address.country };
  analytics.track({ userId: customer.id, event: 'Quote Started', properties }); // expect: sonarcx/special-categories-only-to-sub-processors
}
