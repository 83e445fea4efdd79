'use client';

import { type MediaKind, mediaKindOf, mediaRules } from '@conversa/shared';
import {
  AlertCircleIcon,
  CheckIcon,
  FileIcon,
  FileSpreadsheetIcon,
  FileTextIcon,
  FilmIcon,
  HeadphonesIcon,
  ImageIcon,
  Loader2Icon,
  PlusIcon,
  PresentationIcon,
  RotateCcwIcon,
  SendHorizontalIcon,
  StickerIcon,
  XIcon,
} from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogTitle } from '@/components/ui/dialog';
import { Textarea } from '@/components/ui/textarea';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { uploadMedia } from './queries';
import type { SendBody } from './types';

/** What WhatsApp takes, from the rules the upload route checks (packages/shared). */
export const acceptedMimes = Object.values(mediaRules)
  .flatMap((rule) => rule.mimes)
  .join(',');

// Browsers leave `File.type` empty for extensions the OS does not map (often .opus, .amr, Office files on Linux).
const mimeByExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  aac: 'audio/aac',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  pdf: 'application/pdf',
  txt: 'text/plain',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const extensionOf = (name: string) => (name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '');

/** The files a drag or paste carries (not text, links or in-page drags). */
export function carriesFiles(data: DataTransfer | null): boolean {
  return !!data && Array.from(data.types).includes('Files');
}

/**
 * The files a paste should attach, or none when it is a text paste: copying cells in Excel or a paragraph in
 * Word also puts a picture of them on the clipboard, beside the text and HTML; there the text is what was meant.
 */
export function pastedFiles(data: DataTransfer | null): File[] {
  if (!data || !carriesFiles(data)) return [];
  const files = Array.from(data.files);
  const text = data.types.includes('text/plain') && data.getData('text/plain').trim() !== '';
  const officePicture =
    text && data.types.includes('text/html') && files.every((f) => f.type.startsWith('image/'));
  return officePicture ? [] : files;
}

type Problem =
  | { code: 'empty' }
  | { code: 'unsupported'; type: string }
  | { code: 'too-large'; kind: MediaKind; max: number; size: number };

type ItemState = 'ready' | 'uploading' | 'sending' | 'sent' | 'failed';

type Item = {
  id: string;
  file: File;
  mime: string;
  kind: MediaKind | null;
  /** Why WhatsApp would refuse it, found before uploading (the upload route checks the same rules). */
  problem: Problem | null;
  /** Object URL for image and video previews; revoked when the item leaves. */
  url: string | null;
  caption: string;
  /** Its caption came from the composer, which is emptied once this file is sent. */
  fromDraft: boolean;
  state: ItemState;
  progress: number;
  error: string | null;
};

function check(file: File): Pick<Item, 'mime' | 'kind' | 'problem'> {
  const mime = file.type || mimeByExtension[extensionOf(file.name)] || '';
  const kind = mime ? mediaKindOf(mime) : null;
  if (file.size === 0) return { mime, kind, problem: { code: 'empty' } };
  if (!kind) {
    const ext = extensionOf(file.name);
    return { mime, kind, problem: { code: 'unsupported', type: ext ? ext.toUpperCase() : mime || '?' } };
  }
  const max = mediaRules[kind].maxBytes;
  if (file.size > max) return { mime, kind, problem: { code: 'too-large', kind, max, size: file.size } };
  return { mime, kind, problem: null };
}

const takesCaption = (item: Item) => item.kind !== 'audio' && item.kind !== 'sticker';
const sendable = (item: Item) => !item.problem && (item.state === 'ready' || item.state === 'failed');
const previewable = (mime: string) => /^(image|video)\//.test(mime);
// WhatsApp shows at most 240 characters of a document's name; keep the extension when cutting.
const clampName = (name: string) =>
  name.length <= 240 ? name : `${name.slice(0, 230)}….${extensionOf(name)}`.slice(0, 240);

let nextId = 0;

function useSize() {
  const t = useTranslations('inbox.composer.attach.preview');
  const format = useFormatter();
  return useCallback(
    (bytes: number) => {
      if (bytes < 1024) return t('bytes', { size: format.number(bytes) });
      if (bytes < 1024 * 1024)
        return t('kilobytes', { size: format.number(bytes / 1024, { maximumFractionDigits: 0 }) });
      return t('megabytes', { size: format.number(bytes / 1024 / 1024, { maximumFractionDigits: 1 }) });
    },
    [t, format],
  );
}

/** Icon and colour of a file by what it is, like WhatsApp's document cards. */
function fileLook(item: Pick<Item, 'kind' | 'file'>) {
  const ext = extensionOf(item.file.name);
  if (item.kind === 'image') return { Icon: ImageIcon, tone: 'bg-sky-500' };
  if (item.kind === 'sticker') return { Icon: StickerIcon, tone: 'bg-amber-500' };
  if (item.kind === 'video') return { Icon: FilmIcon, tone: 'bg-fuchsia-500' };
  if (item.kind === 'audio') return { Icon: HeadphonesIcon, tone: 'bg-orange-500' };
  if (ext === 'pdf') return { Icon: FileTextIcon, tone: 'bg-rose-500' };
  if (['xls', 'xlsx', 'csv'].includes(ext)) return { Icon: FileSpreadsheetIcon, tone: 'bg-emerald-600' };
  if (['ppt', 'pptx'].includes(ext)) return { Icon: PresentationIcon, tone: 'bg-orange-600' };
  if (['doc', 'docx', 'txt'].includes(ext)) return { Icon: FileTextIcon, tone: 'bg-blue-500' };
  return { Icon: FileIcon, tone: 'bg-slate-500' };
}

export type AttachmentPreviewHandle = {
  /** Adds files to the dialog, opening it; `draft` (the composer's text) captions the first one. */
  add: (files: File[], draft?: string) => void;
};

/**
 * The preview before files go out, like WhatsApp Web's: every way of attaching (the paperclip, pasting,
 * dropping on the chat) lands here. Files WhatsApp would refuse are shown with the reason and skipped;
 * the rest upload and send one after another, in order; one that fails stays with its reason and a retry.
 */
export const AttachmentPreview = forwardRef<
  AttachmentPreviewHandle,
  {
    channelId: string;
    contactName: string;
    /** Sends one uploaded file; `index` counts the files sent before it in this round (a reply goes on the first). */
    onSend: (body: SendBody, index: number) => Promise<boolean>;
    /** The file captioned with the composer's text went out: the composer empties. */
    onDraftSent: () => void;
  }
>(function AttachmentPreview({ channelId, contactName, onSend, onDraftSent }, ref) {
  const t = useTranslations('inbox.composer.attach.preview');
  const tAttach = useTranslations('inbox.composer.attach');
  const tCommon = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  const size = useSize();
  const [items, setItems] = useState<Item[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const abortRef = useRef<AbortController | null>(null);
  // Enter pressed twice before a render must not start a second round.
  const runningRef = useRef(false);
  const captionRef = useRef<HTMLTextAreaElement>(null);
  const sendRef = useRef<HTMLButtonElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const patch = useCallback((id: string, change: Partial<Item>) => {
    setItems((list) => list.map((i) => (i.id === id ? { ...i, ...change } : i)));
  }, []);

  const add = useCallback((files: File[], draft?: string) => {
    if (!files.length) return;
    const opening = itemsRef.current.length === 0;
    let caption = opening ? (draft?.trim() ?? '') : '';
    const added = files.map((file): Item => {
      const checked = check(file);
      const item: Item = {
        id: `att-${++nextId}`,
        file,
        ...checked,
        url: previewable(checked.mime) ? URL.createObjectURL(file) : null,
        caption: '',
        fromDraft: false,
        state: 'ready',
        progress: 0,
        error: null,
      };
      if (caption && !checked.problem && takesCaption(item)) {
        item.caption = caption.slice(0, 1024);
        item.fromDraft = true;
        caption = '';
      }
      return item;
    });
    setItems((list) => [...list, ...added]);
    setSelectedId(added[0]!.id);
  }, []);

  useImperativeHandle(ref, () => ({ add }), [add]);

  // Object URLs live as long as their item; whatever is left goes when the composer unmounts.
  useEffect(
    () => () => {
      for (const i of itemsRef.current) if (i.url) URL.revokeObjectURL(i.url);
      abortRef.current?.abort();
    },
    [],
  );

  const revoke = (leaving: Item[]) => {
    for (const i of leaving) if (i.url) URL.revokeObjectURL(i.url);
  };

  const close = () => {
    abortRef.current?.abort();
    abortRef.current = null;
    revoke(itemsRef.current);
    runningRef.current = false;
    setItems([]);
    setSelectedId(null);
    setBusy(false);
  };

  const remove = (id: string) => {
    const list = itemsRef.current;
    const at = list.findIndex((i) => i.id === id);
    const item = list[at];
    if (!item || busy) return;
    revoke([item]);
    const rest = list.filter((i) => i.id !== id);
    if (!rest.length) return close();
    setItems(rest);
    if (selectedId === id) setSelectedId((rest[at] ?? rest[at - 1])?.id ?? null);
  };

  const send = async (only?: string) => {
    if (runningRef.current) return;
    const queue = itemsRef.current.filter((i) => sendable(i) && (!only || i.id === only));
    if (!queue.length) return;
    const controller = new AbortController();
    abortRef.current = controller;
    runningRef.current = true;
    setBusy(true);
    const sentIds = new Set<string>();
    let firstFailed: string | null = null;
    for (const item of queue) {
      if (controller.signal.aborted) break;
      patch(item.id, { state: 'uploading', progress: 0, error: null });
      setSelectedId(item.id); // the stage follows the file going out, with its progress
      try {
        const uploaded = await uploadMedia(channelId, item.file, {
          type: item.mime,
          signal: controller.signal,
          onProgress: (progress) => patch(item.id, { progress }),
        });
        patch(item.id, { state: 'sending', progress: 1 });
        const current = itemsRef.current.find((i) => i.id === item.id) ?? item;
        const caption = current.caption.trim();
        const kind = uploaded.kind as MediaKind;
        const body: SendBody =
          kind === 'audio' || kind === 'sticker'
            ? { type: kind, mediaId: uploaded.mediaId }
            : {
                type: kind,
                mediaId: uploaded.mediaId,
                ...(caption ? { caption } : {}),
                ...(kind === 'document' ? { filename: clampName(item.file.name) } : {}),
              };
        // A message the API then refuses shows in the chat, with its own retry, like any other.
        await onSend(body, sentIds.size);
        sentIds.add(item.id);
        if (current.fromDraft) onDraftSent();
        patch(item.id, { state: 'sent' });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') break;
        patch(item.id, { state: 'failed', progress: 0, error: errorMessage(error) });
        firstFailed ??= item.id;
      }
    }
    if (abortRef.current !== controller) return; // closed meanwhile
    abortRef.current = null;
    runningRef.current = false;
    setBusy(false);
    // Sent files leave; the dialog closes once nothing left could still go. (The ref may predate the last
    // patches, so what was sent is counted here, not read from it.)
    const leaving = itemsRef.current.filter((i) => sentIds.has(i.id));
    if (!itemsRef.current.some((i) => !sentIds.has(i.id) && !i.problem)) return close();
    revoke(leaving);
    setItems((list) => list.filter((i) => !sentIds.has(i.id)));
    setSelectedId((id) => {
      const left = itemsRef.current.filter((i) => !sentIds.has(i.id));
      // Show why the first one failed; else stay where the agent was.
      if (firstFailed) return firstFailed;
      if (left.some((i) => i.id === id)) return id;
      return (left.find((i) => !i.problem) ?? left[0])?.id ?? null;
    });
  };

  const open = items.length > 0;
  const selected = items.find((i) => i.id === selectedId) ?? items[0];
  const position = selected ? items.indexOf(selected) + 1 : 0;
  const ready = items.filter(sendable).length;
  const skipped = items.filter((i) => i.problem).length;

  const problemText = (p: Problem) =>
    p.code === 'empty'
      ? t('empty')
      : p.code === 'unsupported'
        ? t('unsupported', { type: p.type })
        : t('tooLarge', { kind: p.kind, max: size(p.max), size: size(p.size) });

  return (
    <Dialog open={open} onOpenChange={(next) => !next && close()}>
      <DialogContent
        closeLabel={tCommon('close')}
        className="flex h-[min(760px,calc(100dvh-2rem))] flex-col gap-0 overflow-hidden p-0 sm:max-w-3xl dark:bg-[#111b21]"
        data-testid="attachment-preview"
        onOpenAutoFocus={(event) => {
          const target = captionRef.current ?? (sendRef.current?.disabled ? null : sendRef.current);
          if (!target) return; // Radix focuses the first thumbnail
          event.preventDefault();
          target.focus();
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
          const tag = (event.target as HTMLElement).tagName;
          if (tag === 'BUTTON' || tag === 'A' || tag === 'VIDEO' || tag === 'INPUT') return;
          event.preventDefault();
          void send();
        }}
        // More files pasted or dropped on the open dialog join the others.
        onPaste={(event) => {
          const files = pastedFiles(event.clipboardData);
          if (!files.length) return;
          event.preventDefault();
          if (!busy) add(files);
        }}
        onDragOver={(event) => {
          if (!carriesFiles(event.dataTransfer)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
        }}
        onDrop={(event) => {
          if (!carriesFiles(event.dataTransfer)) return;
          event.preventDefault();
          if (!busy) add(Array.from(event.dataTransfer.files));
        }}
      >
        <div className="flex items-center gap-3 border-b px-5 py-3.5 pr-12">
          <div className="grid min-w-0 flex-1 gap-0.5">
            <DialogTitle className="truncate text-base">{t('title', { name: contactName })}</DialogTitle>
            <DialogDescription className="truncate text-xs" data-testid="attachment-position">
              {t('position', { index: position, count: items.length })}
              {selected && <span className="text-muted-foreground/80"> · {selected.file.name}</span>}
            </DialogDescription>
          </div>
        </div>

        {selected && (
          <Stage
            key={selected.id}
            item={selected}
            size={size}
            problem={selected.problem ? problemText(selected.problem) : null}
            busy={busy}
            onRetry={() => void send(selected.id)}
          />
        )}

        {selected && (
          <div className="px-5 pt-3">
            {selected.problem ? null : takesCaption(selected) ? (
              <Textarea
                key={selected.id}
                ref={captionRef}
                value={selected.caption}
                onChange={(event) => patch(selected.id, { caption: event.target.value })}
                disabled={busy}
                rows={1}
                maxLength={1024}
                placeholder={t('captionPlaceholder')}
                aria-label={t('captionLabel')}
                data-testid="attachment-caption"
                className="field-sizing-content max-h-28 min-h-10 resize-none rounded-lg border-0 bg-muted shadow-none focus-visible:ring-1 dark:bg-[#2a3942]"
              />
            ) : (
              <p className="flex h-10 items-center rounded-lg bg-muted/60 px-3 text-muted-foreground text-sm dark:bg-[#2a3942]/60">
                {t('noCaption', { kind: selected.kind ?? 'audio' })}
              </p>
            )}
          </div>
        )}

        <div className="flex items-center gap-3 px-5 pt-3 pb-4">
          <ul
            className="flex min-w-0 flex-1 items-center gap-2 overflow-x-auto p-1"
            data-testid="attachment-strip"
          >
            {items.map((item) => (
              <Thumb
                key={item.id}
                item={item}
                selected={item.id === selected?.id}
                busy={busy}
                showLabel={t('show', { name: item.file.name })}
                removeLabel={t('remove', { name: item.file.name })}
                onSelect={() => setSelectedId(item.id)}
                onRemove={() => remove(item.id)}
              />
            ))}
            <li className="shrink-0">
              <button
                type="button"
                onClick={() => fileRef.current?.click()}
                disabled={busy}
                aria-label={t('add')}
                title={t('add')}
                className="flex size-14 items-center justify-center rounded-lg border border-dashed text-muted-foreground outline-none transition-colors hover:border-foreground/40 hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:opacity-50"
              >
                <PlusIcon className="size-5" />
              </button>
              <input
                ref={fileRef}
                type="file"
                multiple
                className="hidden"
                accept={acceptedMimes}
                tabIndex={-1}
                onChange={(event) => {
                  add(Array.from(event.target.files ?? []));
                  event.target.value = '';
                }}
              />
            </li>
          </ul>
          <div className="flex shrink-0 items-center gap-3">
            <div className="hidden text-right sm:grid">
              {skipped > 0 && (
                <span className="text-destructive text-xs" data-testid="attachment-skipped">
                  {t('skipped', { count: skipped })}
                </span>
              )}
              <span className="text-[11px] text-muted-foreground">{t('hint')}</span>
            </div>
            <span className="relative">
              <Button
                ref={sendRef}
                type="button"
                size="icon"
                className="size-14 rounded-full shadow-lg [&_svg:not([class*='size-'])]:size-6"
                onClick={() => void send()}
                disabled={busy || ready === 0}
                aria-label={t('send', { count: ready })}
                title={t('send', { count: ready })}
                data-testid="attachment-send"
              >
                {busy ? <Loader2Icon className="animate-spin" /> : <SendHorizontalIcon />}
              </Button>
              {ready > 1 && !busy && (
                <span
                  aria-hidden="true"
                  className="-top-1 -right-1 absolute flex size-5 items-center justify-center rounded-full bg-foreground font-semibold text-[11px] text-background ring-2 ring-popover dark:ring-[#111b21]"
                >
                  {ready}
                </span>
              )}
            </span>
          </div>
        </div>
        <span className="sr-only" aria-live="polite">
          {items.some((i) => i.state === 'failed') ? tAttach('uploadFailed') : ''}
        </span>
      </DialogContent>
    </Dialog>
  );
});

/** The big preview of the selected file, its state, and why it cannot go when it cannot. */
function Stage({
  item,
  size,
  problem,
  busy,
  onRetry,
}: {
  item: Item;
  size: (bytes: number) => string;
  problem: string | null;
  busy: boolean;
  onRetry: () => void;
}) {
  const t = useTranslations('inbox.composer.attach.preview');
  const tAttach = useTranslations('inbox.composer.attach');
  const [broken, setBroken] = useState(false);
  const { Icon, tone } = fileLook(item);
  const media = item.url && !broken && !problem;
  return (
    <div
      className="relative flex min-h-0 flex-1 flex-col items-center justify-center gap-4 overflow-hidden bg-muted/40 px-6 py-6 dark:bg-[#0b141a]"
      data-testid="attachment-stage"
      data-state={item.problem ? 'invalid' : item.state}
    >
      {media && item.mime.startsWith('image/') ? (
        // biome-ignore lint/performance/noImgElement: a local object URL, not something to optimise.
        <img
          src={item.url!}
          alt={item.file.name}
          onError={() => setBroken(true)}
          className="max-h-full min-h-0 max-w-full rounded-md object-contain shadow-lg"
          data-testid="attachment-image"
        />
      ) : media && item.mime.startsWith('video/') ? (
        <video
          src={item.url!}
          controls
          muted
          onError={() => setBroken(true)}
          className="max-h-full min-h-0 max-w-full rounded-md bg-black shadow-lg"
          data-testid="attachment-video"
        />
      ) : (
        <div className="flex w-full max-w-sm flex-col items-center gap-3 text-center">
          <span
            className={cn(
              'flex size-20 items-center justify-center rounded-2xl text-white shadow-lg',
              problem ? 'bg-muted-foreground/40' : tone,
            )}
          >
            <Icon className="size-9" />
          </span>
          <div className="grid w-full gap-0.5">
            <p className="truncate font-medium" data-testid="attachment-name">
              {item.file.name}
            </p>
            <p className="text-muted-foreground text-xs">
              {t(`kinds.${item.kind ?? 'unknown'}`)} · {size(item.file.size)}
              {extensionOf(item.file.name) && ` · ${extensionOf(item.file.name).toUpperCase()}`}
            </p>
          </div>
        </div>
      )}

      {problem && (
        <div
          role="alert"
          className="flex max-w-md items-start gap-2.5 rounded-lg border border-destructive/40 bg-destructive/10 px-3.5 py-2.5 text-sm"
          data-testid="attachment-problem"
        >
          <AlertCircleIcon className="mt-0.5 size-4 shrink-0 text-destructive" />
          <div className="grid gap-0.5">
            <span className="font-medium text-destructive">{t('notSent')}</span>
            <span className="text-foreground/90">{problem}</span>
          </div>
        </div>
      )}

      {item.state === 'failed' && !problem && (
        <div
          role="alert"
          className="flex max-w-md items-center gap-3 rounded-lg border border-destructive/40 bg-popover/95 px-3.5 py-2.5 text-sm shadow-lg"
          data-testid="attachment-error"
        >
          <AlertCircleIcon className="size-4 shrink-0 text-destructive" />
          <div className="grid min-w-0 flex-1 gap-0.5">
            <span className="font-medium text-destructive">{tAttach('uploadFailed')}</span>
            <span className="text-foreground/90" data-testid="attachment-error-reason">
              {item.error}
            </span>
          </div>
          <Button
            size="sm"
            variant="outline"
            onClick={onRetry}
            disabled={busy}
            data-testid="attachment-retry"
          >
            <RotateCcwIcon />
            {t('retry')}
          </Button>
        </div>
      )}

      {item.state === 'sent' && (
        <span className="absolute bottom-3 flex items-center gap-1.5 rounded-full bg-black/60 px-3 py-1 text-white text-xs">
          <CheckIcon className="size-3.5" />
          {t('sent')}
        </span>
      )}

      {(item.state === 'uploading' || item.state === 'sending') && (
        <div className="absolute inset-x-0 bottom-0 grid gap-1.5 bg-gradient-to-t from-black/60 to-transparent px-6 pt-8 pb-3 text-white text-xs">
          <span aria-live="polite">
            {item.state === 'uploading' && item.progress > 0
              ? t('uploading', { percent: Math.round(item.progress * 100) })
              : t('sending')}
          </span>
          <span
            className="h-1 overflow-hidden rounded-full bg-white/15"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(item.progress * 100)}
            aria-label={item.file.name}
          >
            {/* Before the first progress event (or where the browser sends none) it only pulses. */}
            <span
              className={cn(
                'block h-full rounded-full bg-primary transition-[width] duration-200',
                item.progress === 0 && 'w-1/3 animate-pulse',
              )}
              style={item.progress > 0 ? { width: `${Math.round(item.progress * 100)}%` } : undefined}
            />
          </span>
        </div>
      )}
    </div>
  );
}

/** One file in the strip: a button that shows it, its state at a glance, and a labelled remove button. */
function Thumb({
  item,
  selected,
  busy,
  showLabel,
  removeLabel,
  onSelect,
  onRemove,
}: {
  item: Item;
  selected: boolean;
  busy: boolean;
  showLabel: string;
  removeLabel: string;
  onSelect: () => void;
  onRemove: () => void;
}) {
  const [broken, setBroken] = useState(false);
  const { Icon, tone } = fileLook(item);
  const bad = !!item.problem || item.state === 'failed';
  const progress = Math.round(item.progress * 100);
  return (
    <li
      className="group/thumb relative shrink-0"
      data-testid="attachment-thumb"
      data-state={item.problem ? 'invalid' : item.state}
    >
      <button
        type="button"
        onClick={onSelect}
        aria-label={showLabel}
        aria-pressed={selected}
        title={item.file.name}
        className={cn(
          'relative flex size-14 items-center justify-center overflow-hidden rounded-lg border-2 outline-none transition focus-visible:ring-[3px] focus-visible:ring-ring/50',
          selected ? 'border-primary' : 'border-transparent opacity-80 hover:opacity-100',
          bad && !selected && 'border-destructive/60',
        )}
      >
        {item.url && !broken && item.mime.startsWith('image/') ? (
          // biome-ignore lint/performance/noImgElement: a local object URL.
          <img src={item.url} alt="" onError={() => setBroken(true)} className="size-full object-cover" />
        ) : item.url && !broken && item.mime.startsWith('video/') ? (
          <video
            src={item.url}
            muted
            preload="metadata"
            onError={() => setBroken(true)}
            className="size-full object-cover"
          />
        ) : (
          <span
            className={cn(
              'flex size-full items-center justify-center text-white',
              item.problem ? 'bg-muted-foreground/40' : tone,
            )}
          >
            <Icon className="size-5" />
          </span>
        )}
        {(item.state === 'uploading' || item.state === 'sending') && (
          <span
            className="absolute inset-0 flex items-center justify-center bg-black/55 font-semibold text-[11px] text-white"
            aria-hidden="true"
          >
            {item.state === 'uploading' && progress > 0 ? (
              `${progress}%`
            ) : (
              <Loader2Icon className="size-4 animate-spin" />
            )}
          </span>
        )}
        {item.state === 'sent' && (
          <span
            className="absolute inset-0 flex items-center justify-center bg-black/45 text-white"
            aria-hidden="true"
          >
            <CheckIcon className="size-5" />
          </span>
        )}
        {bad && (
          <span
            className="absolute right-0.5 bottom-0.5 flex size-4 items-center justify-center rounded-full bg-destructive text-white"
            aria-hidden="true"
          >
            <AlertCircleIcon className="size-3" />
          </span>
        )}
      </button>
      {!busy && (
        <button
          type="button"
          onClick={onRemove}
          aria-label={removeLabel}
          title={removeLabel}
          data-testid="attachment-remove"
          className={cn(
            '-top-1.5 -right-1.5 absolute flex size-5 items-center justify-center rounded-full border bg-popover text-muted-foreground shadow outline-none transition-opacity hover:text-foreground focus-visible:opacity-100 focus-visible:ring-[3px] focus-visible:ring-ring/50 group-focus-within/thumb:opacity-100 group-hover/thumb:opacity-100',
            selected ? 'opacity-100' : 'opacity-0',
          )}
        >
          <XIcon className="size-3" />
        </button>
      )}
    </li>
  );
}
