import { describe, expect, it } from 'vitest';
import en from './i18n/en.json' with { type: 'json' };
import ptBR from './i18n/pt-BR.json' with { type: 'json' };

const keys = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort();

describe('i18n messages', () => {
  it('has the same keys in pt-BR and en', () => {
    const a = keys(ptBR);
    const b = keys(en);
    expect(
      a.filter((k) => !b.includes(k)),
      'missing in en',
    ).toEqual([]);
    expect(
      b.filter((k) => !a.includes(k)),
      'missing in pt-BR',
    ).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const get = (o: unknown, path: string) =>
      path.split('.').reduce((x, k) => (x as Record<string, unknown>)[k], o) as string;
    const mismatched = keys(en).filter(
      (k) => placeholders(get(en, k)).join() !== placeholders(get(ptBR, k)).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('translates every API error code the problem filter can send', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../../../apps/api/src', import.meta.url).pathname;
    const codes = new Set<string>();
    const walk = (d: string) => {
      for (const f of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, f.name);
        if (f.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
          for (const m of readFileSync(p, 'utf8').matchAll(
            /extends AppError \{\s*readonly code = '([a-z-]+)'/g,
          ))
            codes.add(m[1]!);
        }
      }
    };
    walk(root);
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((c) => !(c in en.errors) || !(c in ptBR.errors))).toEqual([]);
  });
});

describe('template rule messages', () => {
  it('has a pt-BR and en text for every rule code the checker can report', async () => {
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(new URL('./templates/template-rules.ts', import.meta.url), 'utf8');
    // Every call site reads error(path, 'code'…), warn(…, 'code'…) or report(…, 'code'…).
    const codes = new Set(
      [...src.matchAll(/\b(?:error|warn|report|add)\([^,]+,\s*'([a-zA-Z]+)'/g)].map((m) => m[1]!),
    );
    expect(codes.size).toBeGreaterThan(30);
    const rules = (o: { templates?: { rules?: Record<string, string> } }) => o.templates?.rules ?? {};
    expect([...codes].filter((c) => !(c in rules(en)) || !(c in rules(ptBR)))).toEqual([]);
  });
});
