import { describe, expect, it } from 'vitest';
import { brazilianVariants, normalizePhone, samePhone } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['(11) 98765-4321', '+5511987654321'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['5511987654321', '+5511987654321'],
    ['011 98765 4321', '+5511987654321'],
    ['0 21 11 98765-4321', '+5511987654321'], // carrier selection code
    [' 11987654321 ', '+5511987654321'],
    ['+55 11 8765-4321', '+551187654321'], // old mobile form, kept as written
    ['(11) 3456-7890', '+551134567890'],
    ['+1 415 555 2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('reads %j as %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ e164 });
  });

  it('reads national numbers in the given country', () => {
    expect(normalizePhone('(415) 555-2671', 'US')).toEqual({ e164: '+14155552671' });
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({ e164: '+442079460958' });
  });

  it.each([
    ['12', 'too-short'],
    ['123456789012345678', 'too-long'],
    ['+55 11 987654-32100', 'too-long'],
    ['abc', 'not-a-number'],
    ['', 'not-a-number'],
    ['   ', 'not-a-number'],
    ['+55 (11) 2345-678', 'invalid'],
    ['+999 1234 5678', 'invalid'],
  ])('refuses %j as %s', (input, error) => {
    expect(normalizePhone(input)).toEqual({ error });
  });

  it('does not throw on non-string input from untyped callers', () => {
    expect(normalizePhone(undefined as unknown as string)).toEqual({ error: 'not-a-number' });
  });
});

describe('brazilianVariants', () => {
  it('gives both forms of a mobile number, ninth digit first, from either form', () => {
    expect(brazilianVariants('+5511987654321')).toEqual(['+5511987654321', '+551187654321']);
    expect(brazilianVariants('+551187654321')).toEqual(['+5511987654321', '+551187654321']);
    expect(brazilianVariants('+5521999887766')).toEqual(['+5521999887766', '+552199887766']);
    expect(brazilianVariants('+558196543210')).toEqual(['+5581996543210', '+558196543210']);
  });

  it.each([
    '+551134567890', // São Paulo landline
    '+552125555555', // Rio landline
    '+5511950000000', // 9 followed by 5: removing it would make a landline
    '+14155552671',
    '+442079460958',
    '+351912345678', // Portuguese mobile with a 9: not Brazil
    '+5510987654321', // no area code starts with 0 in its second digit
  ])('leaves %s alone', (e164) => {
    expect(brazilianVariants(e164)).toEqual([e164]);
  });
});

describe('samePhone', () => {
  it('matches a number however it was written', () => {
    expect(samePhone('(11) 98765-4321', '+55 11 98765-4321')).toBe(true);
    expect(samePhone('5511987654321', '011987654321')).toBe(true);
  });

  it('matches a Brazilian mobile with and without the ninth digit, both ways', () => {
    expect(samePhone('+5511987654321', '+551187654321')).toBe(true);
    expect(samePhone('551187654321', '(11) 98765-4321')).toBe(true);
  });

  it('does not match different numbers, landline look-alikes or invalid input', () => {
    expect(samePhone('+5511987654321', '+5511987654322')).toBe(false);
    expect(samePhone('+551134567890', '+5511934567890')).toBe(false);
    expect(samePhone('+5511987654321', '+5521987654321')).toBe(false);
    expect(samePhone('abc', 'abc')).toBe(false);
    expect(samePhone('+14155552671', '+1415552671')).toBe(false);
  });
});
