'use client';

import { renderTemplate, templateParameters } from '@conversa/shared';
import {
  ArrowLeftIcon,
  CopyIcon,
  ExternalLinkIcon,
  LayoutTemplateIcon,
  Loader2Icon,
  PhoneIcon,
  ReplyIcon,
  SearchIcon,
  SendHorizontalIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Skeleton } from '@/components/ui/skeleton';
import type { Template, TemplateComponent } from '@/features/templates/types';
import { cn } from '@/lib/utils';
import { whatsappText } from './format';
import { useApprovedTemplates } from './queries';
import type { SendBody } from './types';

type Field = {
  key: string;
  label: string;
  kind: 'body' | 'header-text' | 'header-media' | 'button';
  index?: number;
};

function fieldsOf(components: TemplateComponent[], t: ReturnType<typeof useTranslations>): Field[] {
  const fields: Field[] = [];
  const header = components.find((c) => c.type === 'HEADER');
  if (header && header.type === 'HEADER') {
    if (header.format === 'TEXT') {
      const [p] = templateParameters(header.text ?? '');
      if (p)
        fields.push({ key: 'header', label: t('headerVariable', { name: p.name }), kind: 'header-text' });
    } else if (header.format === 'IMAGE' || header.format === 'VIDEO' || header.format === 'DOCUMENT') {
      fields.push({ key: 'header', label: t(`headerMedia.${header.format}`), kind: 'header-media' });
    }
  }
  const body = components.find((c) => c.type === 'BODY');
  const names = [
    ...new Set(
      templateParameters(body && body.type === 'BODY' ? body.text : '')
        .filter((p) => p.kind !== 'invalid')
        .map((p) => p.name),
    ),
  ];
  for (const name of names) fields.push({ key: `v:${name}`, label: t('variable', { name }), kind: 'body' });
  const buttons = components.find((c) => c.type === 'BUTTONS');
  if (buttons && buttons.type === 'BUTTONS') {
    buttons.buttons.forEach((b, index) => {
      if (b.type === 'URL' && templateParameters(b.url ?? '').length)
        fields.push({
          key: `b:${index}`,
          label: t('urlSuffix', { button: b.text ?? '' }),
          kind: 'button',
          index,
        });
      if (b.type === 'COPY_CODE' || b.type === 'OTP')
        fields.push({ key: `b:${index}`, label: t('code'), kind: 'button', index });
    });
  }
  return fields;
}

function Preview({ template, values }: { template: Template; values: Record<string, string> }) {
  const t = useTranslations('inbox.templates');
  const components = template.components as TemplateComponent[];
  const variables: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (k.startsWith('v:') && v) variables[k.slice(2)] = v;
  const buttons: (string | undefined)[] = [];
  for (const [k, v] of Object.entries(values)) if (k.startsWith('b:') && v) buttons[Number(k.slice(2))] = v;
  const header = components.find((c) => c.type === 'HEADER');
  const headerText = values.header;
  const rendered = renderTemplate(components, {
    variables,
    ...(headerText && header?.type === 'HEADER' && header.format === 'TEXT'
      ? (() => {
          const [p] = templateParameters(header.text ?? '');
          return p ? { header: p.kind === 'named' ? { [p.name]: headerText } : [headerText] } : {};
        })()
      : {}),
    buttons,
  });
  const media = header?.type === 'HEADER' && header.format !== 'TEXT' ? header.format : null;
  return (
    <div
      className="rounded-xl bg-[#efeae2] p-4 dark:bg-[#0b141a]"
      data-testid="template-live-preview"
      title={t('preview')}
    >
      <div className="ml-auto w-fit max-w-[92%] rounded-lg rounded-tr-none bg-[#d9fdd3] px-2.5 pt-1.5 pb-1 text-[#111b21] text-[14px] shadow-xs dark:bg-[#005c4b] dark:text-[#e9edef]">
        {media && (
          <div className="mb-1.5 flex h-28 items-center justify-center rounded-md bg-black/10 text-muted-foreground text-xs">
            {values.header || t(`headerMedia.${media}`)}
          </div>
        )}
        {rendered.header && <p className="mb-1 font-semibold">{rendered.header}</p>}
        <p className="whitespace-pre-wrap [overflow-wrap:anywhere]" data-testid="template-preview-text">
          {whatsappText(rendered.text)}
        </p>
        {rendered.footer && (
          <p className="mt-1 text-[12px] text-[#667781] dark:text-[#ffffff99]">{rendered.footer}</p>
        )}
        {rendered.buttons.length > 0 && (
          <div className="-mx-2.5 mt-1.5 grid divide-y divide-black/10 border-black/10 border-t dark:divide-white/10 dark:border-white/10">
            {rendered.buttons.map((b, i) => (
              <span
                // biome-ignore lint/suspicious/noArrayIndexKey: a template's buttons never change order.
                key={`${b.text}-${i}`}
                className="flex items-center justify-center gap-1.5 py-1.5 font-medium text-[13px] text-sky-600 dark:text-sky-400"
              >
                {b.type === 'URL' ? (
                  <ExternalLinkIcon className="size-3.5" />
                ) : b.type === 'PHONE_NUMBER' ? (
                  <PhoneIcon className="size-3.5" />
                ) : b.type === 'QUICK_REPLY' ? (
                  <ReplyIcon className="size-3.5" />
                ) : (
                  <CopyIcon className="size-3.5" />
                )}
                {b.text}
              </span>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * Approved templates of the conversation's number, their variables as fields and the message as the customer
 * will see it, filled in as you type. The only way to write outside the 24-hour window.
 */
export function TemplatePicker({
  open,
  onOpenChange,
  channelId,
  contactName,
  onSend,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  channelId: string;
  contactName: string;
  onSend: (body: SendBody) => Promise<boolean>;
}) {
  const t = useTranslations('inbox.templates');
  const tCommon = useTranslations('common.actions');
  const templates = useApprovedTemplates(channelId, open);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Template | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);

  const items = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = templates.data?.items ?? [];
    if (!q) return all;
    return all.filter((tpl) => {
      const body = (tpl.components as TemplateComponent[]).find((c) => c.type === 'BODY');
      return tpl.name.includes(q) || (body?.type === 'BODY' && body.text.toLowerCase().includes(q));
    });
  }, [templates.data, search]);

  const fields = useMemo(
    () => (selected ? fieldsOf(selected.components as TemplateComponent[], t) : []),
    [selected, t],
  );
  const missing = fields.filter((f) => !values[f.key]?.trim());

  const choose = (tpl: Template) => {
    setSelected(tpl);
    // The first variable is most often the customer's name: start from it.
    const first = fieldsOf(tpl.components as TemplateComponent[], t).find((f) => f.kind === 'body');
    setValues(first && contactName ? { [first.key]: contactName.split(' ')[0] ?? '' } : {});
  };

  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      setSelected(null);
      setValues({});
      setSearch('');
    }
  };

  const submit = async () => {
    if (!selected || missing.length) return;
    const variables: Record<string, string> = {};
    const buttons: { index: number; value: string }[] = [];
    let header: string | { link: string } | undefined;
    for (const f of fields) {
      const v = values[f.key]?.trim() ?? '';
      if (f.kind === 'body') variables[f.key.slice(2)] = v;
      else if (f.kind === 'header-text') header = v;
      else if (f.kind === 'header-media') header = { link: v };
      else if (f.kind === 'button' && f.index !== undefined) buttons.push({ index: f.index, value: v });
    }
    setSending(true);
    close(false);
    try {
      await onSend({
        type: 'template',
        templateId: selected.id,
        ...(Object.keys(variables).length ? { variables } : {}),
        ...(header !== undefined ? { header } : {}),
        ...(buttons.length ? { buttons } : {}),
      });
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-3xl" closeLabel={tCommon('close')} data-testid="template-picker">
        <DialogHeader>
          <DialogTitle>{selected ? selected.name : t('title')}</DialogTitle>
          <DialogDescription>{selected ? t('fillHint') : t('description')}</DialogDescription>
        </DialogHeader>
        {!selected ? (
          <div className="grid gap-3">
            <div className="relative">
              <SearchIcon className="-translate-y-1/2 absolute top-1/2 left-3 size-4 text-muted-foreground" />
              <Input
                value={search}
                onChange={(event) => setSearch(event.target.value)}
                placeholder={t('search')}
                aria-label={t('search')}
                className="pl-9"
                autoFocus
              />
            </div>
            <div className="max-h-[55vh] min-h-48 overflow-y-auto rounded-lg border">
              {templates.isPending ? (
                <div className="grid gap-2 p-3">
                  {[0, 1, 2].map((i) => (
                    <Skeleton key={i} className="h-14" />
                  ))}
                </div>
              ) : templates.isError ? (
                <EmptyState title={t('loadFailed')} description={t('loadFailedHint')} />
              ) : items.length === 0 ? (
                <EmptyState
                  icon={<LayoutTemplateIcon />}
                  title={search ? t('noMatch') : t('none')}
                  description={search ? undefined : t('noneHint')}
                  action={
                    search ? undefined : (
                      <Button variant="outline" size="sm" asChild>
                        <Link href="/templates/new">{t('create')}</Link>
                      </Button>
                    )
                  }
                />
              ) : (
                <ul className="divide-y">
                  {items.map((tpl) => {
                    const body = (tpl.components as TemplateComponent[]).find((c) => c.type === 'BODY');
                    return (
                      <li key={tpl.id}>
                        <button
                          type="button"
                          onClick={() => choose(tpl)}
                          className="grid w-full gap-1 px-3 py-2.5 text-left outline-none transition-colors hover:bg-accent focus-visible:bg-accent"
                          data-testid="template-option"
                          data-name={tpl.name}
                        >
                          <span className="flex items-center gap-2">
                            <span className="truncate font-medium font-mono text-[13px]">{tpl.name}</span>
                            <Badge variant="muted">{tpl.language}</Badge>
                            <Badge variant="outline" className="text-muted-foreground">
                              {tpl.category}
                            </Badge>
                          </span>
                          <span className="line-clamp-2 text-muted-foreground text-xs">
                            {body?.type === 'BODY' ? body.text : ''}
                          </span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          </div>
        ) : (
          <div className="grid gap-5 md:grid-cols-[1fr_1.1fr]">
            <div className="grid content-start gap-3">
              {fields.length === 0 && <p className="text-muted-foreground text-sm">{t('noVariables')}</p>}
              {fields.map((f) => (
                <div key={f.key} className="grid gap-1.5">
                  <Label htmlFor={`tpl-${f.key}`} className="text-xs">
                    {f.label}
                  </Label>
                  <Input
                    id={`tpl-${f.key}`}
                    value={values[f.key] ?? ''}
                    onChange={(event) => setValues((v) => ({ ...v, [f.key]: event.target.value }))}
                    placeholder={f.kind === 'header-media' ? 'https://…' : undefined}
                    inputMode={f.kind === 'header-media' ? 'url' : undefined}
                    maxLength={f.kind === 'header-text' ? 60 : 1024}
                    data-testid="template-variable"
                  />
                </div>
              ))}
            </div>
            <Preview template={selected} values={values} />
          </div>
        )}
        {selected && (
          <DialogFooter className="gap-2 sm:justify-between">
            <Button variant="ghost" onClick={() => setSelected(null)}>
              <ArrowLeftIcon />
              {t('back')}
            </Button>
            <div className="flex items-center gap-3">
              {missing.length > 0 && (
                <span className="text-muted-foreground text-xs">
                  {t('missing', { count: missing.length })}
                </span>
              )}
              <Button
                onClick={submit}
                disabled={missing.length > 0 || sending}
                data-testid="template-send"
                className={cn(sending && 'pointer-events-none')}
              >
                {sending ? <Loader2Icon className="animate-spin" /> : <SendHorizontalIcon />}
                {t('send')}
              </Button>
            </div>
          </DialogFooter>
        )}
      </DialogContent>
    </Dialog>
  );
}
