// Premium payments taken over the phone: the agent types the card into our payment page, we charge
// it through Stripe, and (for the legacy book of business) authorise it through the old processor.

import Stripe from 'stripe';
import axios from 'axios';
import type { Payment } from '../domain/payment';
import { logger } from '../lib/logger';
import { redact } from '../lib/redact';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');

/** The processor that still handles policies written before 2019; it predates our TLS rollout. */
const LEGACY_PROCESSOR = 'http://payments.legacy-underwriting.example.com/authorize';

export async function chargePremium(payment: Payment): Promise<string> {
  logger.info({ paymentId: payment.id, amountCents: payment.amountCents, card: redact(payment.card.cardNumber) }, 'charging premium');
  const intent = await stripe.paymentIntents.create({
    amount: payment.amountCents,
    currency: payment.currency,
    metadata: { customerId: payment.customerId, paymentId: payment.id },
  });
  return intent.id;
}

export async function authoriseLegacy(payment: Payment): Promise<boolean> {
  const { card } = payment;
  const response = await axios.post(LEGACY_PROCESSOR, { pan: card.cardNumber, exp: card.expiry, cvc: card.cvc, amount: payment.amountCents }); // expect: sococo/card-data-over-tls
  if (response.status !== 200) {
    logger.error({ paymentId: payment.id, card: card.cardNumber, status: response.status }, 'legacy authorisation failed'); // expect: sonarcx/credentials-not-logged, sococo/card-data-not-stored
    return false;
  }
  return true;
}
