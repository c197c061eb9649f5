// Entry point: wires the call-handling pipeline that the telephony webhook drives. Each step lives
// in its own module; this file only orders them.

import type { Call, Recording, Transcript } from './domain/call';
import type { Customer, SmsConsent } from './domain/customer';
import type { Payment } from './domain/payment';
import { storeRecording } from './calls/recordings';
import { sendForReview } from './calls/qa-review';
import { summarise } from './calls/summariser';
import { upsertContact, recordPortalLogin, syncSmsConsent } from './crm/hubspot-sync';
import { trackCallCompleted } from './analytics/track';
import { authoriseLegacy, chargePremium } from './billing/payments';
import { reportPurchase } from './ads/meta-conversions';
import { sendAppointmentReminder, sendCampaign } from './sms/campaigns';
import { logger } from './lib/logger';

export async function onCallCompleted(call: Call, customer: Customer, recording: Recording, transcript: Transcript): Promise<void> {
  await storeRecording(recording);
  const summary = await summarise(transcript, customer);
  const hubspotId = await upsertContact(customer);
  await sendForReview(call, transcript);
  trackCallCompleted(call);
  logger.info({ callId: call.id, hubspotId, summaryChars: summary.length }, 'call processed');
}

export async function onPremiumPaid(customer: Customer, payment: Payment, legacy: boolean): Promise<void> {
  if (legacy) await authoriseLegacy(payment);
  else await chargePremium(payment);
  await reportPurchase(customer, payment.amountCents);
}

export async function onPortalLogin(customer: Customer): Promise<void> {
  const hubspotId = await upsertContact(customer);
  await recordPortalLogin(hubspotId, customer);
}

export async function onSmsKeyword(customer: Customer, consent: SmsConsent): Promise<void> {
  const hubspotId = await upsertContact(customer);
  await syncSmsConsent(hubspotId, consent);
}

export { sendAppointmentReminder, sendCampaign };
