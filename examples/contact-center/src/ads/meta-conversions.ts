// Paid acquisition: policy purchases are reported to Meta's Conversions API so that the ad
// platform can match buyers to its users and build lookalike audiences. Identifiers are hashed as
// Meta requires — which makes them pseudonymous, not anonymous: matching them is the whole point.

import { CustomData, EventRequest, ServerEvent, UserData } from 'facebook-nodejs-business-sdk';
import type { Customer } from '../domain/customer';
import { sha256 } from '../lib/hash';
import { logger } from '../lib/logger';

const PIXEL_ID = process.env.META_PIXEL_ID ?? '';
const ACCESS_TOKEN = process.env.META_ACCESS_TOKEN ?? '';

export async function reportPurchase(customer: Customer, valueCents: number): Promise<void> {
  const userData = new UserData().setEmails([sha256(customer.email)]).setPhones([sha256(customer.mobile)]); // expect: sonarcx/no-sale-to-advertisers, sococo/contact-details-not-to-partners, interactcx/mobile-not-for-marketing, contacto/no-sale-or-sharing, cloudcall/no-sale-or-marketing-sharing
  const event = new ServerEvent()
    .setEventName('Purchase')
    .setEventTime(Math.floor(Date.now() / 1000))
    .setUserData(userData)
    .setCustomData(new CustomData().setValue(valueCents / 100).setCurrency('usd'));
  await new EventRequest(ACCESS_TOKEN, PIXEL_ID).setEvents([event]).execute();
  logger.info({ customerId: customer.id, valueCents }, 'purchase reported to Meta');
}
