import { type ContactCard, type OutboundMessage, ProviderError } from '@conversa/channels';
import type { messages, templates } from '@conversa/db';
import {
  type FieldProblem,
  type RenderedTemplate,
  renderTemplate,
  type SendMessageInput,
  type TemplateComponent,
  templateParameters,
} from '@conversa/shared';
import { ValidationFailedError } from '../../common/errors.ts';

/*
 * An outbound message is stored the way the inbox reads it (API.md "Shapes that clients read"):
 * `text` is the readable text, `media` the file, `payload` the rest, with the same keys inbound
 * messages use (`location`, `contacts`, `reaction`, `replyToProviderId`). `toOutbound` turns such a
 * row back into the canonical message an adapter sends.
 */

type MessageRow = typeof messages.$inferSelect;
type TemplateRow = Pick<typeof templates.$inferSelect, 'id' | 'name' | 'language' | 'components'>;
type Canonical<T extends OutboundMessage['type']> = Extract<OutboundMessage, { type: T }>;

export type TemplateSend = Pick<
  Canonical<'template'>,
  'name' | 'language' | 'header' | 'body' | 'buttons'
> & {
  id: string;
  /** What the contact sees, for the inbox (`text` is also the message's text). */
  rendered: RenderedTemplate;
};

export interface OutboundPayload {
  /** Provider id of the message this one quotes. */
  replyToProviderId?: string;
  previewUrl?: boolean;
  caption?: string;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contacts?: ContactCard[];
  interactive?:
    | ({ kind: 'buttons' } & Pick<Canonical<'buttons'>, 'header' | 'body' | 'footer' | 'buttons'>)
    | ({ kind: 'list' } & Pick<Canonical<'list'>, 'header' | 'body' | 'footer' | 'buttonLabel' | 'sections'>);
  reaction?: { targetProviderId: string; emoji: string };
  template?: TemplateSend;
}

/** The `media` column of an outbound row: where the provider fetches the file from. */
export interface OutboundMedia {
  url?: string;
  mediaId?: string;
  filename?: string;
}

export interface ComposedMessage {
  type: MessageRow['type'];
  text: string;
  payload: OutboundPayload;
  media: OutboundMedia | null;
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * Request body → the columns of the new row. `refs` are the provider ids the service looked up
 * (quoted message, reaction target); `template` the checked template parameters.
 */
export function composeMessage(
  input: SendMessageInput,
  refs: { replyToProviderId?: string; reactionTargetProviderId?: string },
  template?: TemplateSend,
): ComposedMessage {
  const base: OutboundPayload = defined({ replyToProviderId: refs.replyToProviderId });
  switch (input.type) {
    case 'text':
      return {
        type: 'text',
        text: input.text,
        payload: defined({ ...base, previewUrl: input.previewUrl }),
        media: null,
      };
    case 'image':
    case 'video':
    case 'audio':
    case 'sticker':
    case 'document': {
      const caption = 'caption' in input ? input.caption : undefined;
      const filename = input.type === 'document' ? input.filename : undefined;
      return {
        type: input.type,
        // A document without a caption reads as its file name, as received ones do.
        text: caption ?? filename ?? '',
        payload: defined({ ...base, caption }),
        media: defined({ url: input.link, mediaId: input.mediaId, filename }),
      };
    }
    case 'location': {
      const location = defined({
        latitude: input.latitude,
        longitude: input.longitude,
        name: input.name,
        address: input.address,
      });
      return {
        type: 'location',
        text:
          [input.name, input.address].filter(Boolean).join(', ') || `${input.latitude}, ${input.longitude}`,
        payload: { ...base, location },
        media: null,
      };
    }
    case 'contacts':
      return {
        type: 'contacts',
        text: input.contacts.map((c) => c.name.formatted).join(', '),
        payload: { ...base, contacts: input.contacts },
        media: null,
      };
    case 'buttons':
      return {
        type: 'interactive',
        text: input.body,
        payload: {
          ...base,
          interactive: defined({
            kind: 'buttons' as const,
            header: input.header,
            body: input.body,
            footer: input.footer,
            buttons: input.buttons,
          }),
        },
        media: null,
      };
    case 'list':
      return {
        type: 'interactive',
        text: input.body,
        payload: {
          ...base,
          interactive: defined({
            kind: 'list' as const,
            header: input.header,
            body: input.body,
            footer: input.footer,
            buttonLabel: input.buttonLabel,
            sections: input.sections,
          }),
        },
        media: null,
      };
    case 'reaction':
      if (!refs.reactionTargetProviderId) throw new Error('reaction target not resolved');
      return {
        type: 'reaction',
        text: input.emoji,
        payload: { reaction: { targetProviderId: refs.reactionTargetProviderId, emoji: input.emoji } },
        media: null,
      };
    case 'template':
      if (!template) throw new Error('template not resolved');
      return { type: 'template', text: template.rendered.text, payload: { ...base, template }, media: null };
  }
}

/**
 * Checks a template send's parameters against the stored template (API.md "Template parameters")
 * and returns what goes to the provider; every missing or misplaced value is one field problem.
 */
export function composeTemplate(
  row: TemplateRow,
  input: Extract<SendMessageInput, { type: 'template' }>,
): TemplateSend {
  const problems: FieldProblem[] = [];
  const problem = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const components = row.components as unknown as TemplateComponent[];
  const find = <T extends TemplateComponent['type']>(type: T) =>
    components.find((c): c is Extract<TemplateComponent, { type: T }> => c.type === type);

  // Body: positional {{1}}… or named {{customer_name}}.
  const vars = input.variables;
  const variable = (name: string) =>
    Array.isArray(vars) ? (/^\d+$/.test(name) ? vars[Number(name) - 1] : undefined) : vars?.[name];
  const params = templateParameters(find('BODY')?.text ?? '').filter((p) => p.kind !== 'invalid');
  const names = [...new Set(params.map((p) => p.name))];
  let body: TemplateSend['body'];
  if (names.length && params[0]!.kind === 'positional') {
    const count = Math.max(...names.map(Number));
    const values: string[] = [];
    for (let i = 1; i <= count; i++) {
      const v = variable(String(i));
      if (v === undefined) problem(`variables.${i}`, 'missing-variable', `Give a value for {{${i}}}`);
      values.push(v ?? '');
    }
    body = values;
  } else if (names.length) {
    const values: Record<string, string> = {};
    for (const name of names) {
      const v = variable(name);
      if (v === undefined) problem(`variables.${name}`, 'missing-variable', `Give a value for {{${name}}}`);
      values[name] = v ?? '';
    }
    body = values;
  }

  // Header: a text parameter, or the file of a media header.
  const header = find('HEADER');
  let canonicalHeader: TemplateSend['header'];
  let headerValues: Record<string, string> | string[] | undefined;
  if (!header) {
    if (input.header !== undefined) problem('header', 'unexpected-header', 'This template has no header');
  } else if (header.format === 'TEXT') {
    const [param] = templateParameters(header.text ?? '');
    if (!param) {
      if (input.header !== undefined)
        problem('header', 'unexpected-header', 'This template’s header takes no parameter');
    } else if (typeof input.header !== 'string') {
      problem('header', 'missing-header', 'Give the text for the header’s parameter');
    } else {
      canonicalHeader = { type: 'text', text: input.header };
      headerValues = param.kind === 'named' ? { [param.name]: input.header } : [input.header];
    }
  } else if (header.format === 'IMAGE' || header.format === 'VIDEO' || header.format === 'DOCUMENT') {
    if (typeof input.header !== 'object') {
      problem('header', 'missing-header', `Give the link of the header’s ${header.format.toLowerCase()}`);
    } else if (header.format === 'DOCUMENT') {
      canonicalHeader = defined({
        type: 'document' as const,
        link: input.header.link,
        filename: input.header.filename,
      });
    } else {
      canonicalHeader = { type: header.format === 'IMAGE' ? 'image' : 'video', link: input.header.link };
    }
  } else {
    problem('header', 'unsupported-header', `Headers of format ${header.format} cannot be sent yet`);
  }

  // Buttons: URL suffixes and copy codes are required; quick-reply payloads are optional.
  const templateButtons = find('BUTTONS')?.buttons ?? [];
  const given = input.buttons ?? [];
  const buttons: NonNullable<TemplateSend['buttons']> = [];
  for (const [i, b] of given.entries()) {
    const tb = templateButtons[b.index];
    if (given.findIndex((x) => x.index === b.index) !== i) {
      problem(`buttons.${i}.index`, 'duplicate-button', `Button ${b.index} is given twice`);
      continue;
    }
    if (!tb) {
      problem(`buttons.${i}.index`, 'unknown-button', `The template has no button ${b.index}`);
      continue;
    }
    const dynamicUrl = tb.type === 'URL' && templateParameters(tb.url ?? '').length > 0;
    // Authentication templates carry the one-time code as the copy button's URL parameter.
    if (dynamicUrl || tb.type === 'OTP') buttons.push({ index: b.index, subType: 'url', value: b.value });
    else if (tb.type === 'COPY_CODE') buttons.push({ index: b.index, subType: 'copy_code', value: b.value });
    else if (tb.type === 'QUICK_REPLY')
      buttons.push({ index: b.index, subType: 'quick_reply', value: b.value });
    else problem(`buttons.${i}.index`, 'static-button', `Button ${b.index} takes no parameter`);
  }
  templateButtons.forEach((tb, index) => {
    const needed =
      (tb.type === 'URL' && templateParameters(tb.url ?? '').length > 0) ||
      tb.type === 'COPY_CODE' ||
      tb.type === 'OTP';
    if (needed && !given.some((b) => b.index === index)) {
      problem('buttons', 'missing-button', `Give the value of button ${index} (${tb.type})`);
    }
  });

  if (problems.length)
    throw new ValidationFailedError('The template parameters do not fit the template', problems);
  const buttonValues: (string | undefined)[] = [];
  for (const b of buttons) if (b.subType === 'url') buttonValues[b.index] = b.value;
  const rendered = renderTemplate(components, {
    ...(body ? { variables: body } : {}),
    ...(headerValues ? { header: headerValues } : {}),
    buttons: buttonValues,
  });
  return defined({
    id: row.id,
    name: row.name,
    language: row.language,
    header: canonicalHeader,
    body,
    buttons: buttons.length ? buttons : undefined,
    rendered,
  });
}

/** The row's content could not be sent (a row written by an older version, or edited by hand). */
function unsendable(row: MessageRow, why: string): ProviderError {
  return new ProviderError('invalid-request', `message ${row.id} cannot be sent: ${why}`, {
    retryable: false,
    reasonKey: 'channels.errors.invalidMessage',
  });
}

/** A stored outbound row → the canonical message for `to` (pure; throws a non-retryable ProviderError). */
export function toOutbound(row: MessageRow, to: string): OutboundMessage {
  const p = (row.payload ?? {}) as OutboundPayload;
  const media = (row.media ?? {}) as OutboundMedia;
  const base = { to, ...(p.replyToProviderId ? { replyToProviderId: p.replyToProviderId } : {}) };
  const source = defined({ link: media.url, mediaId: media.mediaId });
  switch (row.type) {
    case 'text':
      return defined({ ...base, type: 'text' as const, body: row.text ?? '', previewUrl: p.previewUrl });
    case 'image':
    case 'video':
      return defined({ ...base, type: row.type, ...source, caption: p.caption });
    case 'document':
      return defined({
        ...base,
        type: 'document' as const,
        ...source,
        caption: p.caption,
        filename: media.filename,
      });
    case 'audio':
    case 'sticker':
      return { ...base, type: row.type, ...source };
    case 'location':
      if (!p.location) throw unsendable(row, 'no location');
      return { ...base, type: 'location', ...p.location };
    case 'contacts':
      if (!p.contacts?.length) throw unsendable(row, 'no contacts');
      return { ...base, type: 'contacts', contacts: p.contacts };
    case 'interactive': {
      const i = p.interactive;
      if (!i) throw unsendable(row, 'no interactive content');
      if (i.kind === 'buttons') {
        return defined({
          ...base,
          type: 'buttons' as const,
          header: i.header,
          body: i.body,
          footer: i.footer,
          buttons: i.buttons,
        });
      }
      return defined({
        ...base,
        type: 'list' as const,
        header: i.header,
        body: i.body,
        footer: i.footer,
        buttonLabel: i.buttonLabel,
        sections: i.sections,
      });
    }
    case 'reaction':
      if (!p.reaction) throw unsendable(row, 'no reaction target');
      // A reaction quotes nothing: its target travels inside it.
      return {
        to,
        type: 'reaction',
        providerMessageId: p.reaction.targetProviderId,
        emoji: p.reaction.emoji,
      };
    case 'template': {
      const t = p.template;
      if (!t) throw unsendable(row, 'no template');
      return defined({
        ...base,
        type: 'template' as const,
        name: t.name,
        language: t.language,
        header: t.header,
        body: t.body,
        buttons: t.buttons,
      });
    }
    default:
      throw unsendable(row, `type ${row.type} is not sent`);
  }
}
