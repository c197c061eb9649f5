// CRM sync: every new policyholder becomes a HubSpot contact so that account managers see their
// calls. HubSpot is the CRM the business runs on (a processor); what we put in it still matters.

import { Client } from '@hubspot/api-client';
import type { Customer, SmsConsent } from '../domain/customer';
import { logger } from '../lib/logger';

const hubspot = new Client({ accessToken: process.env.HUBSPOT_TOKEN });

export async function upsertContact(customer: Customer): Promise<string> {
  const properties = {
    email: customer.email,
    firstname: customer.firstName,
    lastname: customer.lastName,
    phone: customer.mobile,
    policy_number: customer.policyNumber,
  };
  const contact = await hubspot.crm.contacts.basicApi.create({ properties, associations: [] });
  logger.info({ customerId: customer.id, hubspotId: contact.id }, 'contact synced');
  return contact.id;
}

/** Sales asked for the portal IP on the contact record, to see which region a lead browses from. */
export async function recordPortalLogin(hubspotId: string, customer: Customer): Promise<void> {
  await hubspot.crm.contacts.basicApi.update(hubspotId, { properties: { last_portal_ip: customer.ipAddress } }); // expect: interactcx/ip-address-only-for-performance
}

/** Copies the SMS opt-in record onto the contact so that marketing can build SMS lists from it. */
export async function syncSmsConsent(hubspotId: string, consent: SmsConsent): Promise<void> {
  await hubspot.crm.contacts.basicApi.update(hubspotId, { properties: { sms_consent_record: JSON.stringify(consent) } }); // expect: interactcx/sms-opt-in-not-shared
}
