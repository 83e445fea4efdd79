import { describe, expect, it } from 'vitest';
import {
  cpfCnpjKind,
  createBlocklistEntrySchema,
  createContactSchema,
  formatCpfCnpj,
  isValidCnpj,
  isValidCpf,
  updateContactSchema,
} from './contacts.ts';

describe('CPF and CNPJ check digits', () => {
  it('accepts valid CPFs with or without punctuation and refuses wrong digits and repeated ones', () => {
    expect(isValidCpf('529.982.247-25')).toBe(true);
    expect(isValidCpf('52998224725')).toBe(true);
    expect(isValidCpf('529.982.247-24')).toBe(false);
    expect(isValidCpf('111.111.111-11')).toBe(false);
    expect(isValidCpf('5299822472')).toBe(false);
  });

  it('accepts numeric and alphanumeric (2026) CNPJs', () => {
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11.222.333/0001-82')).toBe(false);
    expect(isValidCnpj('00.000.000/0000-00')).toBe(false);
    // Receita Federal's example of the alphanumeric CNPJ.
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('12.abc.345/01de-35')).toBe(true);
    expect(isValidCnpj('12.ABC.345/01DE-36')).toBe(false);
  });

  it('tells the kind and formats for display', () => {
    expect(cpfCnpjKind('529.982.247-25')).toBe('cpf');
    expect(cpfCnpjKind('11222333000181')).toBe('cnpj');
    expect(cpfCnpjKind('123')).toBeNull();
    expect(formatCpfCnpj('52998224725')).toBe('529.982.247-25');
    expect(formatCpfCnpj('11222333000181')).toBe('11.222.333/0001-81');
  });
});

describe('contact request schemas', () => {
  it('normalises CPF/CNPJ to bare characters and refuses bad check digits', () => {
    expect(createContactSchema.parse({ phone: '11 98765-4321', cpfCnpj: '529.982.247-25' }).cpfCnpj).toBe(
      '52998224725',
    );
    const bad = createContactSchema.safeParse({ phone: '11 98765-4321', cpfCnpj: '529.982.247-24' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['cpfCnpj']);
  });

  it('needs something to change, and exactly one blocklist target', () => {
    expect(updateContactSchema.safeParse({}).success).toBe(false);
    expect(updateContactSchema.safeParse({ name: null }).success).toBe(true);
    expect(createBlocklistEntrySchema.safeParse({}).success).toBe(false);
    expect(createBlocklistEntrySchema.safeParse({ phone: '1', cpfCnpj: '52998224725' }).success).toBe(false);
    expect(createBlocklistEntrySchema.safeParse({ cpfCnpj: '11.222.333/0001-81' }).success).toBe(true);
  });
});
