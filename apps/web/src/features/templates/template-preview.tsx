'use client';

import { renderTemplate, templateParameters } from '@conversa/shared';
import {
  ArrowLeftIcon,
  BatteryFullIcon,
  CheckCheckIcon,
  CopyIcon,
  ExternalLinkIcon,
  FileTextIcon,
  ImageIcon,
  KeyRoundIcon,
  ListIcon,
  MapPinIcon,
  PhoneIcon,
  PlayIcon,
  ReplyIcon,
  SignalIcon,
  WifiIcon,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { LogoMark } from '@/features/shell/logo';
import { cn } from '@/lib/utils';
import { type Draft, toComponents } from './draft';
import type { TemplateButtonType } from './types';

const formatRules: { pattern: RegExp; wrap: (children: ReactNode, key: string) => ReactNode }[] = [
  {
    pattern: /```([^`]+)```/,
    wrap: (c, k) => (
      <code key={k} className="font-mono text-[12.5px]">
        {c}
      </code>
    ),
  },
  {
    pattern: /\*([^*\n]+)\*/,
    wrap: (c, k) => (
      <strong key={k} className="font-semibold">
        {c}
      </strong>
    ),
  },
  { pattern: /_([^_\n]+)_/, wrap: (c, k) => <em key={k}>{c}</em> },
  { pattern: /~([^~\n]+)~/, wrap: (c, k) => <s key={k}>{c}</s> },
];

/** WhatsApp's own markup (*bold*, _italic_, ~strike~, ```mono```) as the phone would show it. */
function formatted(text: string, key = 'f'): ReactNode[] {
  let best: { index: number; match: RegExpExecArray; rule: (typeof formatRules)[number] } | null = null;
  for (const rule of formatRules) {
    const match = rule.pattern.exec(text);
    if (match && (best === null || match.index < best.index)) best = { index: match.index, match, rule };
  }
  if (!best) return text ? [text] : [];
  const before = text.slice(0, best.index);
  const after = text.slice(best.index + best.match[0].length);
  return [
    ...(before ? [before] : []),
    best.rule.wrap(formatted(best.match[1] ?? '', `${key}i`), `${key}-${best.index}`),
    ...formatted(after, `${key}a`),
  ];
}

/** Text with its `{{…}}` filled by the examples; a missing example shows the placeholder, marked. */
function WithVariables({ text, values }: { text: string; values: Record<string, string> }) {
  const params = templateParameters(text);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const p of params) {
    parts.push(...formatted(text.slice(at, p.index), `t${p.index}`));
    const value = values[p.name]?.trim();
    parts.push(
      value ? (
        <span key={`p${p.index}`} className="rounded-sm bg-[#53bdeb]/15 px-0.5 text-[#8fd8f7]">
          {value}
        </span>
      ) : (
        <span
          key={`p${p.index}`}
          className="rounded-sm bg-amber-400/15 px-0.5 font-mono text-[12px] text-amber-300"
          data-testid="preview-missing-example"
        >
          {p.raw}
        </span>
      ),
    );
    at = p.index + p.raw.length;
  }
  parts.push(...formatted(text.slice(at), 'end'));
  return <>{parts}</>;
}

const buttonIcons: Record<TemplateButtonType, typeof ReplyIcon> = {
  QUICK_REPLY: ReplyIcon,
  URL: ExternalLinkIcon,
  PHONE_NUMBER: PhoneIcon,
  COPY_CODE: CopyIcon,
  OTP: KeyRoundIcon,
};

function MediaHeader({ format, t }: { format: Draft['header']; t: ReturnType<typeof useTranslations> }) {
  if (format === 'DOCUMENT') {
    return (
      <div className="mb-1 flex items-center gap-2.5 rounded-md bg-black/20 px-2.5 py-2.5">
        <span className="flex h-9 w-7 items-center justify-center rounded-sm bg-red-500/85 font-bold text-[8px] text-white">
          PDF
        </span>
        <span className="grid min-w-0 leading-tight">
          <span className="truncate text-[13px]">{t('documentName')}</span>
          <span className="text-[11px] text-white/50">{t('documentMeta')}</span>
        </span>
        <FileTextIcon className="ml-auto size-4 text-white/40" />
      </div>
    );
  }
  const Icon = format === 'VIDEO' ? PlayIcon : format === 'LOCATION' ? MapPinIcon : ImageIcon;
  return (
    <div
      className={cn(
        'relative mb-1 flex aspect-[1.91/1] items-center justify-center overflow-hidden rounded-md',
        format === 'LOCATION'
          ? 'bg-[linear-gradient(135deg,#1d3b2f,#22394a)] bg-[length:100%]'
          : 'bg-[linear-gradient(135deg,#2a3942,#1f2c34)]',
      )}
      data-testid="preview-media"
      data-format={format}
    >
      {format === 'LOCATION' && (
        <div
          aria-hidden="true"
          className="absolute inset-0 bg-[linear-gradient(rgba(255,255,255,0.05)_1px,transparent_1px),linear-gradient(90deg,rgba(255,255,255,0.05)_1px,transparent_1px)] bg-[length:18px_18px]"
        />
      )}
      <span
        className={cn(
          'relative flex items-center justify-center rounded-full',
          format === 'VIDEO' ? 'size-11 bg-black/45' : 'size-10 bg-white/10',
        )}
      >
        <Icon className={cn('size-5 text-white/80', format === 'VIDEO' && 'fill-white/80')} />
      </span>
      <span className="absolute bottom-1.5 left-2 text-[10.5px] text-white/55">{t(`media.${format}`)}</span>
    </div>
  );
}

/** The template as a contact would receive it, inside a phone, updated on every keystroke. */
export function TemplatePreview({ draft, businessName }: { draft: Draft; businessName: string }) {
  const t = useTranslations('templates.preview');
  const headerName = templateParameters(draft.headerText).find((p) => p.kind !== 'invalid')?.name;
  const rendered = renderTemplate(toComponents(draft), {
    variables: draft.examples,
    buttons: draft.buttons.map((b) => b.urlExample || undefined),
  });
  // WhatsApp shows three buttons; with more, two and a "See all options" row.
  const visible = rendered.buttons.length > 3 ? rendered.buttons.slice(0, 2) : rendered.buttons;
  const hasMedia = draft.header !== 'NONE' && draft.header !== 'TEXT';
  const empty = !draft.body.trim() && draft.header === 'NONE' && !draft.footer.trim();

  return (
    <div
      className="mx-auto w-full max-w-[340px] rounded-[2.75rem] border border-white/10 bg-zinc-950 p-2.5 shadow-2xl shadow-black/40 ring-1 ring-black/50"
      data-testid="template-preview"
    >
      <div className="relative flex h-[620px] flex-col overflow-hidden rounded-[2.2rem] bg-[#0b141a] text-[#e9edef]">
        <div
          aria-hidden="true"
          className="absolute top-2 left-1/2 z-10 h-6 w-24 -translate-x-1/2 rounded-full bg-black"
        />
        <div
          aria-hidden="true"
          className="flex h-9 shrink-0 items-center justify-between bg-[#1f2c34] px-7 pt-1 text-[11px] text-white/80"
        >
          <span className="font-semibold">9:41</span>
          <span className="flex items-center gap-1">
            <SignalIcon className="size-3" />
            <WifiIcon className="size-3" />
            <BatteryFullIcon className="size-3.5" />
          </span>
        </div>
        <div className="flex shrink-0 items-center gap-2.5 bg-[#1f2c34] px-3 pt-1 pb-2.5">
          <ArrowLeftIcon className="size-4 text-white/70" aria-hidden="true" />
          <LogoMark className="size-8 rounded-full" />
          <div className="grid min-w-0 leading-tight">
            <span className="truncate font-medium text-[14px]">{businessName}</span>
            <span className="truncate text-[11px] text-white/55">{t('businessAccount')}</span>
          </div>
        </div>

        <div className="min-h-0 flex-1 overflow-y-auto bg-[radial-gradient(rgba(255,255,255,0.035)_1px,transparent_1px)] bg-[length:14px_14px] px-3 py-4">
          <p className="mx-auto mb-3 w-fit rounded-lg bg-[#182229] px-3 py-1 text-center text-[11px] text-white/60">
            {t('today')}
          </p>
          {empty ? (
            <p
              className="mx-auto mt-10 max-w-[80%] text-center text-[12.5px] text-white/45"
              data-testid="preview-empty"
            >
              {t('empty')}
            </p>
          ) : (
            <div className="max-w-[88%]">
              <div
                className={cn(
                  'rounded-lg rounded-tl-none bg-[#202c33] px-2 pt-2 pb-1 text-[13.5px] leading-snug shadow-sm',
                  visible.length > 0 && 'rounded-b-none',
                )}
                data-testid="preview-bubble"
              >
                {hasMedia && <MediaHeader format={draft.header} t={t} />}
                {draft.header === 'TEXT' && draft.headerText.trim() && (
                  <p
                    className="px-1 pb-1 font-semibold text-[14.5px] [overflow-wrap:anywhere]"
                    data-testid="preview-header"
                  >
                    <WithVariables
                      text={draft.headerText}
                      values={headerName ? { [headerName]: draft.headerExample } : {}}
                    />
                  </p>
                )}
                <p className="whitespace-pre-wrap px-1 [overflow-wrap:anywhere]" data-testid="preview-body">
                  {draft.body.trim() ? (
                    <WithVariables text={draft.body} values={draft.examples} />
                  ) : (
                    <span className="text-white/40 italic">{t('bodyPlaceholder')}</span>
                  )}
                </p>
                {rendered.footer?.trim() && (
                  <p
                    className="px-1 pt-1 text-[12px] text-white/50 [overflow-wrap:anywhere]"
                    data-testid="preview-footer"
                  >
                    {rendered.footer}
                  </p>
                )}
                <span className="flex items-center justify-end gap-1 px-1 text-[10.5px] text-white/50">
                  9:41
                  <CheckCheckIcon className="size-3.5 text-[#53bdeb]" aria-hidden="true" />
                </span>
              </div>
              {visible.length > 0 && (
                <ul className="grid divide-y divide-white/8 overflow-hidden rounded-b-lg border-white/8 border-t bg-[#202c33] shadow-sm">
                  {visible.map((b, i) => {
                    const Icon = buttonIcons[b.type] ?? ReplyIcon;
                    const label =
                      b.type === 'COPY_CODE'
                        ? t('copyCode')
                        : b.text.trim() || (b.type === 'OTP' ? t('otpDefault') : t('buttonPlaceholder'));
                    return (
                      <li
                        // biome-ignore lint/suspicious/noArrayIndexKey: buttons are positional, like Meta's.
                        key={i}
                        className="flex items-center justify-center gap-1.5 px-3 py-2.5 text-[13.5px] text-[#53bdeb]"
                        data-testid="preview-button"
                        title={b.url ?? b.phone_number}
                      >
                        <Icon className="size-4 shrink-0" aria-hidden="true" />
                        <span className="truncate">{label}</span>
                      </li>
                    );
                  })}
                  {rendered.buttons.length > 3 && (
                    <li className="flex items-center justify-center gap-1.5 px-3 py-2.5 text-[13.5px] text-[#53bdeb]">
                      <ListIcon className="size-4" aria-hidden="true" />
                      {t('allOptions')}
                    </li>
                  )}
                </ul>
              )}
            </div>
          )}
        </div>
        <div aria-hidden="true" className="flex shrink-0 items-center gap-2 bg-[#0b141a] px-2 pt-1.5 pb-5">
          <div className="h-10 flex-1 rounded-full bg-[#1f2c34]" />
          <div className="size-10 rounded-full bg-[#00a884]/80" />
        </div>
      </div>
    </div>
  );
}
