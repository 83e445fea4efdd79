'use client';

import { type ContactView, cpfCnpjKind, normalizePhone } from '@conversa/shared';
import { Loader2Icon, PlusIcon, XIcon } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { ApiError } from '@/lib/api-client';
import { useErrorMessage } from '@/lib/use-error-message';
import { useContactMutations } from './queries';

type Fields = { name: string; phone: string; email: string; cpfCnpj: string; tags: string };
type FieldErrors = Partial<Record<keyof Fields | 'customFields', React.ReactNode>>;
type CustomRow = { key: string; value: string };

const toRows = (c?: ContactView | null): CustomRow[] =>
  Object.entries(c?.customFields ?? {}).map(([key, value]) => ({ key, value }));
const MAX_CUSTOM = 50;

const toFields = (c?: ContactView | null): Fields => ({
  name: c?.name ?? '',
  phone: c?.phone ?? '',
  email: c?.email ?? '',
  cpfCnpj: c?.cpfCnpj ?? '',
  tags: c?.tags.join(', ') ?? '',
});

const parseTags = (v: string) => [
  ...new Set(
    v
      .split(/[,;\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

/** Create or edit a contact: the phone is checked as you type (any written form, Brazil by default). */
export function ContactFormDialog({
  open,
  onOpenChange,
  contact,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  contact?: ContactView | null;
  onSaved?: (c: ContactView) => void;
}) {
  const t = useTranslations('contacts.form');
  const tAll = useTranslations();
  const tCommon = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  const { create, update } = useContactMutations(contact?.id);
  const [fields, setFields] = useState<Fields>(toFields(contact));
  const [optIn, setOptIn] = useState(false);
  const [custom, setCustom] = useState<CustomRow[]>(toRows(contact));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [touched, setTouched] = useState(false);
  const id = useId();
  useEffect(() => {
    if (open) {
      setFields(toFields(contact));
      setCustom(toRows(contact));
      setErrors({});
      setTouched(false);
      setOptIn(false);
    }
  }, [open, contact]);

  const phone = normalizePhone(fields.phone);
  const phoneOk = 'e164' in phone;

  const validate = (f: Fields, rows = custom): FieldErrors => {
    const e: FieldErrors = {};
    const keys = rows.map((r) => r.key.trim().toLowerCase()).filter(Boolean);
    if (rows.some((r) => !r.key.trim() && r.value.trim())) e.customFields = t('customFieldKeyRequired');
    else if (new Set(keys).size !== keys.length) e.customFields = t('customFieldDuplicate');
    else if (rows.some((r) => r.key.trim().length > 50 || r.value.length > 1000))
      e.customFields = t('customFieldTooLong');
    if (!f.phone.trim()) e.phone = t('phoneRequired');
    else {
      const p = normalizePhone(f.phone);
      if ('error' in p) e.phone = t(`phoneErrors.${p.error}`);
    }
    if (f.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) e.email = t('emailInvalid');
    if (f.cpfCnpj.trim() && !cpfCnpjKind(f.cpfCnpj)) e.cpfCnpj = t('cpfCnpjInvalid');
    return e;
  };

  const set = (key: keyof Fields) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const next = { ...fields, [key]: event.target.value };
    setFields(next);
    if (touched) setErrors(validate(next));
  };

  const setRow = (i: number, patch: Partial<CustomRow>) => {
    const next = custom.map((r, j) => (j === i ? { ...r, ...patch } : r));
    setCustom(next);
    if (touched) setErrors(validate(fields, next));
  };
  const customFields = () =>
    Object.fromEntries(custom.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));

  const pending = create.isPending || update.isPending;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const e = validate(fields);
    setErrors(e);
    if (Object.keys(e).length) return;
    const tags = parseTags(fields.tags);
    try {
      const saved = contact
        ? await update.mutateAsync({
            phone: fields.phone.trim(),
            name: fields.name.trim() || null,
            email: fields.email.trim() || null,
            cpfCnpj: fields.cpfCnpj.trim() || null,
            tags,
            customFields: customFields(),
          })
        : await create.mutateAsync({
            phone: fields.phone.trim(),
            ...(fields.name.trim() ? { name: fields.name.trim() } : {}),
            ...(fields.email.trim() ? { email: fields.email.trim() } : {}),
            ...(fields.cpfCnpj.trim() ? { cpfCnpj: fields.cpfCnpj.trim() } : {}),
            ...(tags.length ? { tags } : {}),
            ...(Object.keys(customFields()).length ? { customFields: customFields() } : {}),
            ...(optIn ? { optIn: true, optInSource: 'manual' } : {}),
          });
      toast.success(contact ? t('updated') : t('created'));
      onOpenChange(false);
      onSaved?.(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'contact-exists') {
        const existing = error.problem?.errors?.[0]?.params?.existingId;
        setErrors({
          phone: (
            <>
              {t('exists')}{' '}
              {typeof existing === 'string' && (
                <Link
                  href={`/contacts/${existing}`}
                  className="underline"
                  onClick={() => onOpenChange(false)}
                >
                  {t('openExisting')}
                </Link>
              )}
            </>
          ),
        });
        return;
      }
      const fieldProblems = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
      const mapped: FieldErrors = {};
      for (const p of fieldProblems) {
        const path = p.path.replace(/^\/?(body[./])?/, '');
        const key = (path.startsWith('customFields') ? 'customFields' : path) as keyof FieldErrors;
        if (!(key in fields) && key !== 'customFields') continue;
        mapped[key] = p.messageKey && tAll.has(p.messageKey) ? tAll(p.messageKey) : t('invalidField');
      }
      if (Object.keys(mapped).length) setErrors(mapped);
      else toast.error(t('failed'), { description: errorMessage(error) });
    }
  };

  const field = (key: keyof Fields, label: string, props: React.ComponentProps<typeof Input> = {}) => (
    <div className="grid gap-1.5">
      <Label htmlFor={`${id}-${key}`}>{label}</Label>
      <Input
        id={`${id}-${key}`}
        name={key}
        value={fields[key]}
        onChange={set(key)}
        aria-invalid={!!errors[key]}
        aria-describedby={errors[key] ? `${id}-${key}-error` : undefined}
        {...props}
      />
      {errors[key] ? (
        <p id={`${id}-${key}-error`} className="text-destructive text-xs" data-testid={`error-${key}`}>
          {errors[key]}
        </p>
      ) : key === 'phone' && fields.phone && phoneOk ? (
        <p className="font-mono text-muted-foreground text-xs">{'e164' in phone ? phone.e164 : ''}</p>
      ) : null}
    </div>
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-lg" closeLabel={tCommon('close')} data-testid="contact-form">
        <DialogHeader>
          <DialogTitle>{contact ? t('editTitle') : t('createTitle')}</DialogTitle>
          <DialogDescription>{t('description')}</DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" onSubmit={submit} noValidate>
          {field('phone', t('phone'), {
            inputMode: 'tel',
            placeholder: '+55 11 98765-4321',
            autoFocus: true,
            maxLength: 40,
          })}
          {field('name', t('name'), { maxLength: 200 })}
          <div className="grid gap-4 sm:grid-cols-2">
            {field('email', t('email'), { type: 'email', maxLength: 320 })}
            {field('cpfCnpj', t('cpfCnpj'), { maxLength: 32 })}
          </div>
          {field('tags', t('tags'), { placeholder: t('tagsPlaceholder') })}
          <fieldset className="grid gap-2" data-testid="contact-custom-fields">
            <legend className="mb-1.5 font-medium text-sm">{t('customFields')}</legend>
            {custom.length === 0 && <p className="text-muted-foreground text-xs">{t('customFieldsHint')}</p>}
            {custom.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
              <div key={i} className="flex items-center gap-2">
                <Input
                  aria-label={t('customFieldKey')}
                  placeholder={t('customFieldKeyPlaceholder')}
                  value={row.key}
                  maxLength={50}
                  onChange={(e) => setRow(i, { key: e.target.value })}
                  className="w-2/5"
                />
                <Input
                  aria-label={t('customFieldValue')}
                  placeholder={t('customFieldValuePlaceholder')}
                  value={row.value}
                  maxLength={1000}
                  onChange={(e) => setRow(i, { value: e.target.value })}
                />
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  aria-label={t('customFieldRemove')}
                  onClick={() => {
                    const next = custom.filter((_, j) => j !== i);
                    setCustom(next);
                    if (touched) setErrors(validate(fields, next));
                  }}
                >
                  <XIcon />
                </Button>
              </div>
            ))}
            {errors.customFields && (
              <p className="text-destructive text-xs" data-testid="error-customFields">
                {errors.customFields}
              </p>
            )}
            {custom.length < MAX_CUSTOM && (
              <Button
                type="button"
                variant="outline"
                size="sm"
                className="justify-self-start"
                onClick={() => setCustom([...custom, { key: '', value: '' }])}
                data-testid="contact-custom-add"
              >
                <PlusIcon />
                {t('customFieldAdd')}
              </Button>
            )}
          </fieldset>
          {!contact && (
            <div className="flex items-start gap-3 rounded-lg border p-3">
              <Switch
                id={`${id}-optin`}
                checked={optIn}
                onCheckedChange={setOptIn}
                data-testid="contact-optin"
              />
              <div className="grid gap-0.5">
                <Label htmlFor={`${id}-optin`}>{t('optIn')}</Label>
                <p className="text-muted-foreground text-xs">{t('optInHint')}</p>
              </div>
            </div>
          )}
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              {tCommon('cancel')}
            </Button>
            <Button type="submit" disabled={pending} data-testid="contact-save">
              {pending && <Loader2Icon className="animate-spin" />}
              {contact ? t('save') : t('create')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
