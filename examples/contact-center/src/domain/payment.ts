// Payment details a customer reads out over the phone to pay a premium.

export interface PaymentCard {
  cardNumber: string;
  /** @pii user.financial.credit_card */
  expiry: string;
  cvc: string;
  cardholderName: string;
}

export interface Payment {
  id: string;
  customerId: string;
  amountCents: number;
  currency: 'usd' | 'eur' | 'gbp';
  card: PaymentCard;
}
