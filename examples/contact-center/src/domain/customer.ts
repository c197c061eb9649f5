// The people the contact centre talks to: policyholders calling in, and what we hold about them.
// Some fields are tagged with their data category; others are recognised by name (email, firstName…).

export interface Customer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  emailVerified: boolean;
  /** @pii user.contact.phone_number */
  mobile: string;
  address: PostalAddress;
  /** @pii user.government_id.national_identification_number */
  ssn: string;
  /** @pii user.government_id.drivers_license_number */
  licenceNo: string;
  /** @pii user.health_and_medical */
  healthConditions: string[];
  /** The IP address the customer last used the self-service portal from. */
  ipAddress: string;
  policyNumber: string;
  createdAt: Date;
}

export interface PostalAddress {
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

/**
 * A customer's answer to the SMS opt-in prompt: the carrier-facing consent record.
 * @pii user.privacy_preferences
 */
export interface SmsConsent {
  customerId: string;
  /** @pii user.contact.phone_number */
  mobile: string;
  optedIn: boolean;
  keyword: 'START' | 'STOP';
  capturedAt: Date;
}
