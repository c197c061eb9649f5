// Texts to customers. Appointment reminders are transactional and go straight through Twilio,
// which acts on our behalf. Renewal campaigns are marketing: the audience is synced to Klaviyo,
// where the marketing team builds and sends the SMS campaigns.

import twilio from 'twilio';
import { ApiKeySession, ProfileEnum, ProfilesApi } from 'klaviyo-api';
import type { Customer } from '../domain/customer';
import { logger } from '../lib/logger';

const sms = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
const FROM = process.env.TWILIO_FROM ?? '';
const profiles = new ProfilesApi(new ApiKeySession(process.env.KLAVIYO_API_KEY ?? ''));

/** Transactional: the customer booked a call-back and gets a reminder. */
export async function sendAppointmentReminder(customer: Customer, at: Date): Promise<void> {
  const message = await sms.messages.create({
    to: customer.mobile,
    from: FROM,
    body: `Reminder: your call with an advisor is at ${at.toLocaleTimeString('en-US')}. Reply STOP to opt out.`,
  });
  logger.info({ customerId: customer.id, sid: message.sid }, 'reminder sent');
}

/** Marketing: customers due for renewal join the "renewal offers" SMS audience. */
export async function sendCampaign(customers: Customer[], campaign: string): Promise<void> {
  for (const customer of customers) {
    const attributes = { phoneNumber: customer.mobile, firstName: customer.firstName, properties: { campaign } };
    await profiles.createOrUpdateProfile({ data: { type: ProfileEnum.Profile, attributes } }); // expect: sococo/contact-details-not-to-partners, interactcx/mobile-not-for-marketing, contacto/no-sale-or-sharing, cloudcall/no-sale-or-marketing-sharing
  }
  logger.info({ campaign, audience: customers.length }, 'campaign audience synced');
}
