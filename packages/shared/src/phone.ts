import { type CountryCode, parsePhoneNumberWithError, validatePhoneNumberLength } from 'libphonenumber-js';

export type PhoneError = 'invalid' | 'too-short' | 'too-long' | 'not-a-number';
export type NormalizedPhone = { e164: string } | { error: PhoneError };

const lengthErrors: Record<string, PhoneError> = {
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  NOT_A_NUMBER: 'not-a-number',
};

/**
 * Any way a person writes a phone number → E.164 (`+5511987654321`). National forms are read in
 * `defaultCountry`; "0 XX" trunk and carrier prefixes and a country code without "+" are understood.
 * A Brazilian mobile without the ninth digit stays as written: `brazilianVariants` matches the two.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'BR'): NormalizedPhone {
  const text = typeof input === 'string' ? input.trim() : '';
  if (!/\d/.test(text)) return { error: 'not-a-number' };
  const problem = validatePhoneNumberLength(text, defaultCountry);
  if (problem) return { error: lengthErrors[problem] ?? 'invalid' };
  try {
    const phone = parsePhoneNumberWithError(text, defaultCountry);
    return phone.isValid() ? { e164: phone.number } : { error: 'invalid' };
  } catch {
    return { error: 'invalid' };
  }
}

// +55, a two-digit area code (11–99, no zero), then 9 + eight digits or the eight digits alone.
const brazilWithNinth = /^\+55([1-9][1-9])9([6-9]\d{7})$/;
const brazilWithoutNinth = /^\+55([1-9][1-9])([6-9]\d{7})$/;

/**
 * Both forms of a Brazilian mobile number, with the ninth digit first: WhatsApp's id for numbers
 * registered before the ninth digit omits it (ARCHITECTURE §4). Landlines (first digit 2–5) and
 * other countries come back alone.
 */
export function brazilianVariants(e164: string): string[] {
  const m = brazilWithNinth.exec(e164) ?? brazilWithoutNinth.exec(e164);
  if (!m) return [e164];
  return [`+55${m[1]}9${m[2]}`, `+55${m[1]}${m[2]}`];
}

/** Whether two written numbers reach the same person, counting both Brazilian mobile forms. */
export function samePhone(a: string, b: string, defaultCountry: CountryCode = 'BR'): boolean {
  const x = normalizePhone(a, defaultCountry);
  const y = normalizePhone(b, defaultCountry);
  if (!('e164' in x) || !('e164' in y)) return false;
  return brazilianVariants(x.e164).includes(y.e164);
}
