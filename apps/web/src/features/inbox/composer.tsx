'use client';

import {
  FileUpIcon,
  LayoutTemplateIcon,
  LinkIcon,
  MapPinIcon,
  PaperclipIcon,
  SendHorizontalIcon,
  TimerIcon,
  TimerOffIcon,
  XIcon,
  ZapIcon,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Textarea } from '@/components/ui/textarea';
import { useWindowState } from '@/features/sandbox/window-badge';
import { cn } from '@/lib/utils';
import {
  AttachmentPreview,
  type AttachmentPreviewHandle,
  acceptedMimes,
  pastedFiles,
} from './attachment-preview';
import { EmojiPicker } from './emoji-picker';
import { useMessageSummary } from './message-bubble';
import { TemplatePicker } from './template-picker';
import type { Conversation, Message, SendBody } from './types';

export type ComposerHandle = {
  focus: (prefix?: string) => void;
  openTemplates: () => void;
  /** Opens the attachment preview with these files (only while the composer can send). */
  attach: (files: File[]) => void;
};
export type QuickReplyItem = { shortcut: string; text: string; department?: string };

function Countdown({ expiresAt }: { expiresAt: string | null }) {
  const t = useTranslations('inbox.composer.window');
  const state = useWindowState(expiresAt);
  const hours = Math.floor(state.remainingMs / 3_600_000);
  const minutes = Math.floor((state.remainingMs % 3_600_000) / 60_000);
  const soon = state.open && state.remainingMs < 2 * 3_600_000;
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 text-[11px]',
        soon ? 'text-warning' : 'text-muted-foreground',
      )}
      data-testid="window-countdown"
      data-open={state.open}
    >
      <TimerIcon className="size-3" />
      {t('closesIn', { hours, minutes })}
    </span>
  );
}

function LinkDialog({
  open,
  onOpenChange,
  onSend,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSend: (body: SendBody) => void;
}) {
  const t = useTranslations('inbox.composer.attach');
  const tCommon = useTranslations('common.actions');
  const [type, setType] = useState<'image' | 'video' | 'audio' | 'document'>('image');
  const [link, setLink] = useState('');
  const [caption, setCaption] = useState('');
  const [filename, setFilename] = useState('');
  const valid = /^https?:\/\/\S+\.\S+/.test(link.trim());
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md" closeLabel={tCommon('close')}>
        <DialogHeader>
          <DialogTitle>{t('linkTitle')}</DialogTitle>
          <DialogDescription>{t('linkDescription')}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!valid) return;
            const base = { link: link.trim() };
            if (type === 'audio') onSend({ type, ...base });
            else
              onSend({
                type,
                ...base,
                ...(caption.trim() ? { caption: caption.trim() } : {}),
                ...(type === 'document' && filename.trim() ? { filename: filename.trim() } : {}),
              });
            setLink('');
            setCaption('');
            setFilename('');
            onOpenChange(false);
          }}
        >
          <div className="grid gap-1.5">
            <Label className="text-xs">{t('type')}</Label>
            <Select value={type} onValueChange={(v) => setType(v as typeof type)}>
              <SelectTrigger className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {(['image', 'video', 'audio', 'document'] as const).map((k) => (
                  <SelectItem key={k} value={k}>
                    {t(`types.${k}`)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="attach-link" className="text-xs">
              {t('link')}
            </Label>
            <Input
              id="attach-link"
              value={link}
              onChange={(event) => setLink(event.target.value)}
              placeholder="https://…"
              inputMode="url"
              aria-invalid={link.length > 0 && !valid}
            />
            <p className="text-muted-foreground text-xs">{t('linkHint')}</p>
          </div>
          {type !== 'audio' && (
            <div className="grid gap-1.5">
              <Label htmlFor="attach-caption" className="text-xs">
                {t('caption')}
              </Label>
              <Input
                id="attach-caption"
                value={caption}
                maxLength={1024}
                onChange={(e) => setCaption(e.target.value)}
              />
            </div>
          )}
          {type === 'document' && (
            <div className="grid gap-1.5">
              <Label htmlFor="attach-filename" className="text-xs">
                {t('filename')}
              </Label>
              <Input
                id="attach-filename"
                value={filename}
                maxLength={240}
                placeholder="proposta.pdf"
                onChange={(e) => setFilename(e.target.value)}
              />
            </div>
          )}
          <DialogFooter>
            <Button type="submit" disabled={!valid}>
              <SendHorizontalIcon />
              {t('send')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function LocationDialog({
  open,
  onOpenChange,
  onSend,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSend: (body: SendBody) => void;
}) {
  const t = useTranslations('inbox.composer.location');
  const tCommon = useTranslations('common.actions');
  const [lat, setLat] = useState('');
  const [lng, setLng] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const latitude = Number(lat.replace(',', '.'));
  const longitude = Number(lng.replace(',', '.'));
  const valid =
    lat.trim() !== '' &&
    lng.trim() !== '' &&
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md" closeLabel={tCommon('close')}>
        <DialogHeader>
          <DialogTitle>{t('title')}</DialogTitle>
          <DialogDescription>{t('description')}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!valid) return;
            onSend({
              type: 'location',
              latitude,
              longitude,
              ...(name.trim() ? { name: name.trim() } : {}),
              ...(address.trim() ? { address: address.trim() } : {}),
            });
            onOpenChange(false);
          }}
        >
          <div className="grid grid-cols-2 gap-3">
            <div className="grid gap-1.5">
              <Label htmlFor="loc-lat" className="text-xs">
                {t('latitude')}
              </Label>
              <Input
                id="loc-lat"
                value={lat}
                onChange={(e) => setLat(e.target.value)}
                placeholder="-23.5613"
              />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="loc-lng" className="text-xs">
                {t('longitude')}
              </Label>
              <Input
                id="loc-lng"
                value={lng}
                onChange={(e) => setLng(e.target.value)}
                placeholder="-46.6565"
              />
            </div>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="loc-name" className="text-xs">
              {t('name')}
            </Label>
            <Input id="loc-name" value={name} maxLength={1000} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="loc-address" className="text-xs">
              {t('address')}
            </Label>
            <Input
              id="loc-address"
              value={address}
              maxLength={1000}
              onChange={(e) => setAddress(e.target.value)}
            />
          </div>
          <DialogFooter>
            <Button type="submit" disabled={!valid}>
              <SendHorizontalIcon />
              {t('send')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * The composer: text with emoji and `/` quick replies, attachments, and the template picker. Inside the 24-hour
 * window it counts down; outside it offers templates only, so nobody types a message that cannot be sent.
 */
export const Composer = forwardRef<
  ComposerHandle,
  {
    conversation: Conversation;
    canAnswer: boolean;
    replyTo: Message | null;
    contactName: string;
    quickReplies: QuickReplyItem[];
    onCancelReply: () => void;
    onSend: (body: SendBody) => Promise<boolean>;
    onTyping: () => void;
  }
>(function Composer(
  { conversation, canAnswer, replyTo, contactName, quickReplies, onCancelReply, onSend, onTyping },
  ref,
) {
  const t = useTranslations('inbox.composer');
  const summary = useMessageSummary();
  const serviceWindow = useWindowState(conversation.windowExpiresAt);
  const [text, setText] = useState('');
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);
  const [locationOpen, setLocationOpen] = useState(false);
  const [highlight, setHighlight] = useState(0);
  const [quickDismissed, setQuickDismissed] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const previewRef = useRef<AttachmentPreviewHandle>(null);
  // The text as last rendered, for `attach` (the handle is made once).
  const textRef = useRef(text);
  textRef.current = text;

  // A draft per conversation, kept while the agent looks at another one.
  const drafts = useRef(new Map<string, string>());
  const currentId = useRef(conversation.id);
  useEffect(() => {
    if (currentId.current !== conversation.id) {
      drafts.current.set(currentId.current, text);
      currentId.current = conversation.id;
      setText(drafts.current.get(conversation.id) ?? '');
    }
  }, [conversation.id, text]);

  useImperativeHandle(
    ref,
    () => ({
      focus: (prefix) => {
        if (prefix !== undefined) {
          setText((v) => (v ? v : prefix));
          setQuickDismissed(false);
        }
        requestAnimationFrame(() => inputRef.current?.focus());
      },
      openTemplates: () => setTemplatesOpen(true),
      attach: (files) => previewRef.current?.add(files, textRef.current),
    }),
    [],
  );

  // `/shortcut` at the start opens the quick replies.
  const quickQuery = /^\/([\p{L}\p{N}_-]*)$/u.exec(text)?.[1];
  const quickMatches = useMemo(() => {
    if (quickQuery === undefined) return [];
    const q = quickQuery.toLowerCase();
    return quickReplies.filter((r) => r.shortcut.toLowerCase().includes(q)).slice(0, 8);
  }, [quickQuery, quickReplies]);
  const quickOpen = quickQuery !== undefined && !quickDismissed;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at the first match.
  useEffect(() => setHighlight(0), [quickQuery]);

  const pickQuick = (r: QuickReplyItem) => {
    const firstName = contactName.split(' ')[0] ?? '';
    setText(r.text.replace(/\{\{?\s*(nome|name)\s*\}?\}/gi, firstName));
    setQuickDismissed(true);
    requestAnimationFrame(() => inputRef.current?.focus());
  };

  const withReply = <B extends SendBody>(body: B): B =>
    replyTo && body.type !== 'reaction' && body.type !== 'location'
      ? { ...body, replyToId: replyTo.id }
      : body;

  const submit = () => {
    const body = text.trim();
    if (!body || !canAnswer || !serviceWindow.open) return;
    setText('');
    drafts.current.delete(conversation.id);
    void onSend(withReply({ type: 'text', text: body }));
    onCancelReply();
    inputRef.current?.focus();
  };

  const sendAttachment = (body: SendBody) => {
    void onSend(withReply(body));
    onCancelReply();
  };

  // Files from the preview go in order; a reply being written goes on the first of them.
  const sendUploaded = (body: SendBody, index: number) => {
    if (index > 0) return onSend(body);
    const sent = onSend(withReply(body));
    onCancelReply();
    return sent;
  };

  const templatePicker = (
    <TemplatePicker
      open={templatesOpen}
      onOpenChange={setTemplatesOpen}
      channelId={conversation.channelId}
      contactName={contactName}
      onSend={(body) => onSend(withReply(body))}
    />
  );

  if (!canAnswer) {
    return (
      <div
        className="border-t bg-muted/40 px-4 py-3 text-center text-muted-foreground text-sm"
        data-testid="read-only-note"
      >
        {t('readOnly')}
      </div>
    );
  }

  if (!serviceWindow.open) {
    return (
      <div
        className="flex flex-col items-center gap-3 border-t bg-muted/40 px-4 py-3 sm:flex-row"
        data-testid="window-closed-composer"
      >
        <div className="flex min-w-0 flex-1 items-start gap-2.5">
          <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-destructive/10 text-destructive">
            <TimerOffIcon className="size-4" />
          </span>
          <div className="grid gap-0.5">
            <p className="font-medium text-sm">
              {conversation.windowExpiresAt ? t('window.closedTitle') : t('window.neverTitle')}
            </p>
            <p className="text-muted-foreground text-xs">{t('window.closedHint')}</p>
          </div>
        </div>
        <Button onClick={() => setTemplatesOpen(true)} data-testid="open-templates">
          <LayoutTemplateIcon />
          {t('window.pickTemplate')}
        </Button>
        {templatePicker}
      </div>
    );
  }

  return (
    <div className="relative border-t bg-muted/40 px-3 pt-2 pb-2.5 dark:bg-[#202c33]/60">
      {quickOpen && (
        <div
          className="absolute inset-x-3 bottom-full z-20 mb-1 overflow-hidden rounded-lg border bg-popover shadow-lg"
          role="listbox"
          aria-label={t('quick.title')}
          data-testid="quick-replies"
        >
          <p className="flex items-center gap-1.5 border-b px-3 py-1.5 font-medium text-muted-foreground text-xs">
            <ZapIcon className="size-3.5" />
            {t('quick.title')}
          </p>
          {quickMatches.length === 0 ? (
            <p className="px-3 py-3 text-muted-foreground text-sm">
              {quickReplies.length ? t('quick.noMatch') : t('quick.none')}
            </p>
          ) : (
            <ul className="max-h-64 overflow-y-auto py-1">
              {quickMatches.map((r, i) => (
                <li key={`${r.department ?? ''}/${r.shortcut}`}>
                  <button
                    type="button"
                    role="option"
                    aria-selected={i === highlight}
                    onMouseEnter={() => setHighlight(i)}
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => pickQuick(r)}
                    className={cn(
                      'grid w-full gap-0.5 px-3 py-1.5 text-left',
                      i === highlight ? 'bg-accent' : 'hover:bg-accent/60',
                    )}
                  >
                    <span className="flex items-center gap-2">
                      <span className="font-medium font-mono text-primary text-xs">/{r.shortcut}</span>
                      {r.department && (
                        <span className="text-[11px] text-muted-foreground">{r.department}</span>
                      )}
                    </span>
                    <span className="line-clamp-1 text-sm">{r.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {replyTo && (
        <div
          className="mb-2 flex items-center gap-2 rounded-md border-l-4 border-l-emerald-500 bg-background/80 px-3 py-1.5"
          data-testid="reply-preview"
        >
          <div className="grid min-w-0 flex-1 text-xs">
            <span className="font-medium text-emerald-700 dark:text-emerald-400">
              {replyTo.direction === 'inbound' ? contactName : t('you')}
            </span>
            <span className="truncate text-muted-foreground">{summary(replyTo)}</span>
          </div>
          <button
            type="button"
            onClick={onCancelReply}
            aria-label={t('cancelReply')}
            className="rounded-full p-1 text-muted-foreground hover:bg-accent"
          >
            <XIcon className="size-4" />
          </button>
        </div>
      )}

      <form
        className="flex items-end gap-1"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <EmojiPicker
          onPick={(emoji) => {
            const el = inputRef.current;
            if (!el) return setText((v) => v + emoji);
            const start = el.selectionStart ?? text.length;
            const end = el.selectionEnd ?? text.length;
            const next = text.slice(0, start) + emoji + text.slice(end);
            setText(next);
            requestAnimationFrame(() => {
              el.focus();
              el.setSelectionRange(start + emoji.length, start + emoji.length);
            });
          }}
        />
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <button
              type="button"
              aria-label={t('attach.open')}
              data-testid="attach-open"
              className="flex size-9 shrink-0 items-center justify-center rounded-full text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
            >
              <PaperclipIcon className="size-5" />
            </button>
          </DropdownMenuTrigger>
          <DropdownMenuContent side="top" align="start">
            <DropdownMenuItem onSelect={() => fileRef.current?.click()}>
              <FileUpIcon />
              {t('attach.file')}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => setLinkOpen(true)}>
              <LinkIcon />
              {t('attach.byLink')}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => setLocationOpen(true)}>
              <MapPinIcon />
              {t('attach.location')}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => setTemplatesOpen(true)}>
              <LayoutTemplateIcon />
              {t('attach.template')}
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        <input
          ref={fileRef}
          type="file"
          className="hidden"
          accept={acceptedMimes}
          multiple
          onChange={(event) => {
            previewRef.current?.add(Array.from(event.target.files ?? []), text);
            event.target.value = '';
          }}
          data-testid="attach-file"
        />
        <div className="grid min-w-0 flex-1 gap-1">
          <Textarea
            ref={inputRef}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setQuickDismissed(false);
              onTyping();
            }}
            onPaste={(event) => {
              // Screenshots and copied files open the preview; plain text pastes as usual.
              const files = pastedFiles(event.clipboardData);
              if (!files.length) return;
              event.preventDefault();
              previewRef.current?.add(files, text);
            }}
            onKeyDown={(event) => {
              if (quickOpen && quickMatches.length) {
                if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                  event.preventDefault();
                  const step = event.key === 'ArrowDown' ? 1 : -1;
                  setHighlight((h) => (h + step + quickMatches.length) % quickMatches.length);
                  return;
                }
                if (event.key === 'Enter' || event.key === 'Tab') {
                  event.preventDefault();
                  const r = quickMatches[highlight];
                  if (r) pickQuick(r);
                  return;
                }
              }
              if (event.key === 'Escape') {
                event.preventDefault();
                if (quickOpen) setQuickDismissed(true);
                else if (replyTo) onCancelReply();
                else inputRef.current?.blur();
                return;
              }
              if (
                event.key === 'Enter' &&
                !event.nativeEvent.isComposing &&
                (!event.shiftKey || event.metaKey || event.ctrlKey)
              ) {
                event.preventDefault();
                submit();
              }
            }}
            rows={1}
            maxLength={4096}
            placeholder={t('placeholder')}
            aria-label={t('label')}
            data-testid="composer-input"
            className="field-sizing-content max-h-40 min-h-10 resize-none rounded-lg border-0 bg-background shadow-none focus-visible:ring-1 dark:bg-[#2a3942]"
          />
        </div>
        <Button
          type="submit"
          size="icon"
          className="size-10 shrink-0 rounded-full"
          disabled={!text.trim()}
          aria-label={t('send')}
          data-testid="composer-send"
        >
          <SendHorizontalIcon />
        </Button>
      </form>
      <div className="mt-1.5 flex items-center justify-between gap-3 px-1">
        <Countdown expiresAt={conversation.windowExpiresAt} />
        <span className="hidden text-[11px] text-muted-foreground sm:inline">{t('hint')}</span>
      </div>
      {templatePicker}
      <LinkDialog open={linkOpen} onOpenChange={setLinkOpen} onSend={sendAttachment} />
      <LocationDialog open={locationOpen} onOpenChange={setLocationOpen} onSend={sendAttachment} />
      <AttachmentPreview
        // Files picked for one conversation never go to the next one opened.
        key={conversation.id}
        ref={previewRef}
        channelId={conversation.channelId}
        contactName={contactName}
        onSend={sendUploaded}
        onDraftSent={() => {
          setText('');
          drafts.current.delete(conversation.id);
        }}
      />
    </div>
  );
});
