// Masking for values that are useful in logs only in part: the last digits of a card or a phone
// number, the domain of an e-mail address.

/**
 * Keeps the last four characters of a value and masks the rest.
 * @pii-sanitizer
 */
export function redact(value: string): string {
  if (value.length <= 4) return '****';
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

/**
 * Keeps an e-mail address's domain only: enough to spot a misconfigured mail provider.
 * @pii-sanitizer
 */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at < 0 ? '***' : `***${email.slice(at)}`;
}
