'use client';

import { templateLimits, templateParameters } from '@conversa/shared';
import {
  ArrowDownIcon,
  ArrowUpIcon,
  CopyIcon,
  ExternalLinkIcon,
  KeyRoundIcon,
  PhoneIcon,
  PlusIcon,
  ReplyIcon,
  XIcon,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { type Draft, type DraftButton, emptyButton, type FieldProblems } from './draft';
import { FieldNotes, hasErrors } from './field-problems';
import type { TemplateButtonType } from './types';

export const buttonIcons: Record<TemplateButtonType, typeof ReplyIcon> = {
  QUICK_REPLY: ReplyIcon,
  URL: ExternalLinkIcon,
  PHONE_NUMBER: PhoneIcon,
  COPY_CODE: CopyIcon,
  OTP: KeyRoundIcon,
};

const limits: Partial<Record<TemplateButtonType, number>> = {
  URL: templateLimits.urlButtons,
  PHONE_NUMBER: templateLimits.phoneButtons,
  COPY_CODE: templateLimits.copyCodeButtons,
  OTP: 1,
};

function TextField({
  id,
  label,
  value,
  onChange,
  invalid,
  placeholder,
  max,
  mono,
  testId,
  describedBy,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  placeholder?: string;
  max?: number;
  mono?: boolean;
  testId?: string;
  describedBy?: string;
}) {
  return (
    <div className="grid min-w-0 gap-1.5">
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={id} className="text-muted-foreground text-xs">
          {label}
        </Label>
        {max !== undefined && (
          <span
            className={`text-[11px] tabular-nums ${value.length > max ? 'text-destructive' : 'text-muted-foreground/70'}`}
          >
            {value.length}/{max}
          </span>
        )}
      </div>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={placeholder}
        // 13px everywhere: at the input's 14px, DejaVu Sans Mono's underscore is hinted out of the box.
        className={mono ? 'font-mono text-[13px] md:text-[13px]' : undefined}
        data-testid={testId}
        autoComplete="off"
      />
    </div>
  );
}

function ButtonRow({
  button,
  index,
  count,
  problems,
  showErrors,
  onChange,
  onRemove,
  onMove,
}: {
  button: DraftButton;
  index: number;
  count: number;
  problems: FieldProblems;
  showErrors: boolean;
  onChange: (patch: Partial<DraftButton>) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
}) {
  const t = useTranslations('templates.editor.buttons');
  const Icon = buttonIcons[button.type];
  const at = `buttons.${index}`;
  const id = `button-${button.key}`;
  const err = (f: string) => showErrors && hasErrors(problems, `${at}.${f}`);
  const dynamic = button.type === 'URL' && templateParameters(button.url).length > 0;
  return (
    <li
      className="grid gap-3 rounded-lg border bg-background/40 p-3"
      data-testid="button-row"
      data-type={button.type}
    >
      <div className="flex items-center gap-2">
        <span className="flex size-7 items-center justify-center rounded-md bg-muted text-muted-foreground">
          <Icon className="size-3.5" />
        </span>
        <span className="font-medium text-sm">{t(`types.${button.type}`)}</span>
        <div className="ml-auto flex items-center gap-0.5">
          <Button
            type="button"
            variant="ghost"
            size="icon-xs"
            aria-label={t('moveUp')}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            <ArrowUpIcon />
          </Button>
          <Button
            type="button"
            variant="ghost"
            size="icon-xs"
            aria-label={t('moveDown')}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            <ArrowDownIcon />
          </Button>
          <Button
            type="button"
            variant="ghost"
            size="icon-xs"
            aria-label={t('remove')}
            onClick={onRemove}
            data-testid="button-remove"
          >
            <XIcon />
          </Button>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {button.type !== 'COPY_CODE' && (
          <TextField
            id={`${id}-text`}
            label={t('text')}
            value={button.text}
            onChange={(text) => onChange({ text })}
            invalid={err('text')}
            placeholder={button.type === 'OTP' ? t('otpPlaceholder') : t(`placeholders.${button.type}`)}
            max={templateLimits.buttonText}
            testId="button-text"
          />
        )}
        {button.type === 'URL' && (
          <TextField
            id={`${id}-url`}
            label={t('url')}
            value={button.url}
            onChange={(url) => onChange({ url })}
            invalid={err('url')}
            placeholder={t('urlPlaceholder', { param: '{{1}}' })}
            mono
            testId="button-url"
          />
        )}
        {button.type === 'URL' && dynamic && (
          <TextField
            id={`${id}-example`}
            label={t('urlExample')}
            value={button.urlExample}
            onChange={(urlExample) => onChange({ urlExample })}
            invalid={err('example')}
            placeholder={t('urlExamplePlaceholder')}
            mono
            testId="button-url-example"
          />
        )}
        {button.type === 'PHONE_NUMBER' && (
          <TextField
            id={`${id}-phone`}
            label={t('phone')}
            value={button.phone}
            onChange={(phone) => onChange({ phone })}
            invalid={err('phone_number')}
            placeholder={t('phonePlaceholder')}
            mono
            testId="button-phone"
          />
        )}
        {button.type === 'COPY_CODE' && (
          <TextField
            id={`${id}-code`}
            label={t('codeExample')}
            value={button.code}
            onChange={(code) => onChange({ code })}
            invalid={err('example')}
            placeholder={t('codePlaceholder')}
            mono
            testId="button-code"
          />
        )}
      </div>
      {button.type === 'URL' && !dynamic && (
        <p className="text-muted-foreground text-xs">{t('urlHint', { param: '{{1}}' })}</p>
      )}
      <FieldNotes
        problems={problems}
        field={['text', 'url', 'phone_number', 'example', 'type'].map((f) => `${at}.${f}`)}
        showErrors={showErrors}
      />
    </li>
  );
}

/** Quick replies and call-to-action buttons, with Meta's limits enforced as you add them. */
export function ButtonsEditor({
  draft,
  problems,
  showErrors,
  onChange,
}: {
  draft: Draft;
  problems: FieldProblems;
  showErrors: boolean;
  onChange: (buttons: DraftButton[]) => void;
}) {
  const t = useTranslations('templates.editor.buttons');
  const buttons = draft.buttons;
  const count = (type: TemplateButtonType) => buttons.filter((b) => b.type === type).length;
  const full = buttons.length >= templateLimits.buttons;
  const types: TemplateButtonType[] =
    draft.category === 'AUTHENTICATION'
      ? ['OTP', 'COPY_CODE']
      : ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'];
  const add = (type: TemplateButtonType) => {
    const button = emptyButton(type);
    // Quick replies gather with quick replies (Meta refuses them interleaved with the others).
    if (type === 'QUICK_REPLY') {
      const lastQuick = buttons.map((b) => b.type).lastIndexOf('QUICK_REPLY');
      const at = lastQuick >= 0 ? lastQuick + 1 : 0;
      onChange([...buttons.slice(0, at), button, ...buttons.slice(at)]);
    } else onChange([...buttons, button]);
  };

  return (
    <div className="grid gap-3">
      {buttons.length > 0 && (
        <ol className="grid gap-2" data-testid="buttons-list">
          {buttons.map((b, i) => (
            <ButtonRow
              key={b.key}
              button={b}
              index={i}
              count={buttons.length}
              problems={problems}
              showErrors={showErrors}
              onChange={(patch) => onChange(buttons.map((x) => (x.key === b.key ? { ...x, ...patch } : x)))}
              onRemove={() => onChange(buttons.filter((x) => x.key !== b.key))}
              onMove={(delta) => {
                const next = [...buttons];
                const [moved] = next.splice(i, 1);
                if (moved) next.splice(i + delta, 0, moved);
                onChange(next);
              }}
            />
          ))}
        </ol>
      )}
      <FieldNotes problems={problems} field="buttons" showErrors={showErrors} />
      <div className="flex flex-wrap items-center gap-3">
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button type="button" variant="outline" size="sm" disabled={full} data-testid="button-add">
              <PlusIcon />
              {t('add')}
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start" className="w-64">
            <DropdownMenuLabel className="text-muted-foreground text-xs">{t('addLabel')}</DropdownMenuLabel>
            <DropdownMenuSeparator />
            {types.map((type) => {
              const Icon = buttonIcons[type];
              const limit = limits[type];
              const reached = limit !== undefined && count(type) >= limit;
              return (
                <DropdownMenuItem
                  key={type}
                  disabled={reached}
                  onSelect={() => add(type)}
                  data-testid={`button-add-${type}`}
                >
                  <Icon />
                  <span className="grid">
                    <span>{t(`types.${type}`)}</span>
                    <span className="text-muted-foreground text-xs">
                      {reached ? t('limitReached', { max: limit ?? 0 }) : t(`descriptions.${type}`)}
                    </span>
                  </span>
                </DropdownMenuItem>
              );
            })}
          </DropdownMenuContent>
        </DropdownMenu>
        <span className="text-muted-foreground text-xs">
          {t('count', { count: buttons.length, max: templateLimits.buttons })}
        </span>
      </div>
    </div>
  );
}
