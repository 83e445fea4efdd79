import {
  type TemplateBody,
  type TemplateButton,
  type TemplateButtons,
  type TemplateCheckResult,
  type TemplateFooter,
  type TemplateHeader,
  type TemplateProblem,
  templateParameters,
} from '@conversa/shared';
import type {
  Template,
  TemplateButtonType,
  TemplateCategory,
  TemplateComponent,
  TemplateDraftBody,
  TemplateHeaderFormat,
} from './types';

/** What the editor holds while the person types; turned into Meta's components on every keystroke. */
export type DraftButton = {
  key: string;
  type: TemplateButtonType;
  text: string;
  url: string;
  /** Example of the `{{1}}` at the end of a dynamic URL. */
  urlExample: string;
  phone: string;
  /** Example code for a copy-code button. */
  code: string;
};

export type HeaderChoice = 'NONE' | TemplateHeaderFormat;

export type Draft = {
  channelId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  header: HeaderChoice;
  headerText: string;
  /** Example for the header's one variable. */
  headerExample: string;
  /** A link to a sample file, sent as the media example (`header_handle`). */
  headerMedia: string;
  body: string;
  /** Examples by parameter name (`"1"` or `"customer_name"`). */
  examples: Record<string, string>;
  footer: string;
  buttons: DraftButton[];
};

let keySeq = 0;
export const newButtonKey = () => `b${++keySeq}-${Date.now().toString(36)}`;

export function emptyButton(type: TemplateButtonType): DraftButton {
  return { key: newButtonKey(), type, text: '', url: '', urlExample: '', phone: '', code: '' };
}

export function emptyDraft(channelId: string, language = 'pt_BR'): Draft {
  return {
    channelId,
    name: '',
    language,
    category: 'UTILITY',
    header: 'NONE',
    headerText: '',
    headerExample: '',
    headerMedia: '',
    body: '',
    examples: {},
    footer: '',
    buttons: [],
  };
}

/** Distinct parameter names of a text, in order of first appearance (valid ones only). */
export function parameterNames(text: string): string[] {
  return [
    ...new Set(
      templateParameters(text)
        .filter((p) => p.kind !== 'invalid')
        .map((p) => p.name),
    ),
  ];
}

const isNamed = (names: string[]) => names.some((n) => !/^\d+$/.test(n));

/** Meta's components, in Meta's order: HEADER, BODY, FOOTER, BUTTONS (only those that are set). */
export function toComponents(draft: Draft): TemplateComponent[] {
  const out: TemplateComponent[] = [];
  if (draft.header === 'TEXT') {
    const header: TemplateHeader = { type: 'HEADER', format: 'TEXT', text: draft.headerText };
    const [name] = parameterNames(draft.headerText);
    if (name) {
      header.example = /^\d+$/.test(name)
        ? { header_text: [draft.headerExample] }
        : { header_text_named_params: [{ param_name: name, example: draft.headerExample }] };
    }
    out.push(header);
  } else if (draft.header !== 'NONE') {
    const header: TemplateHeader = { type: 'HEADER', format: draft.header };
    if (draft.header !== 'LOCATION' && draft.headerMedia.trim())
      header.example = { header_handle: [draft.headerMedia.trim()] };
    out.push(header);
  }

  const body: TemplateBody = { type: 'BODY', text: draft.body };
  const names = parameterNames(draft.body);
  if (names.length > 0) {
    if (isNamed(names)) {
      body.example = {
        body_text_named_params: names.map((n) => ({ param_name: n, example: draft.examples[n] ?? '' })),
      };
    } else {
      const max = Math.max(...names.map(Number));
      body.example = {
        body_text: [Array.from({ length: max }, (_, i) => draft.examples[String(i + 1)] ?? '')],
      };
    }
  }
  out.push(body);

  if (draft.footer.trim()) out.push({ type: 'FOOTER', text: draft.footer } satisfies TemplateFooter);

  if (draft.buttons.length > 0) {
    const buttons: TemplateButton[] = draft.buttons.map((b) => {
      switch (b.type) {
        case 'URL': {
          const dynamic = templateParameters(b.url).length > 0;
          return {
            type: 'URL',
            text: b.text,
            url: b.url,
            ...(dynamic ? { example: [b.urlExample] } : {}),
          };
        }
        case 'PHONE_NUMBER':
          return { type: 'PHONE_NUMBER', text: b.text, phone_number: b.phone };
        case 'COPY_CODE':
          return { type: 'COPY_CODE', ...(b.code ? { example: b.code } : {}) };
        case 'OTP':
          return { type: 'OTP', text: b.text };
        default:
          return { type: 'QUICK_REPLY', text: b.text };
      }
    });
    out.push({ type: 'BUTTONS', buttons } satisfies TemplateButtons);
  }
  return out;
}

export function toBody(draft: Draft): TemplateDraftBody {
  const names = [
    ...(draft.header === 'TEXT' ? parameterNames(draft.headerText) : []),
    ...parameterNames(draft.body),
  ];
  return {
    channelId: draft.channelId,
    name: draft.name.trim(),
    language: draft.language,
    category: draft.category,
    components: toComponents(draft),
    ...(names.length > 0 ? { parameterFormat: isNamed(names) ? 'named' : 'positional' } : {}),
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The editor's state for a stored template (the reverse of `toComponents`). */
export function fromTemplate(template: Template): Draft {
  const draft = emptyDraft(template.channelId, template.language);
  draft.name = template.name;
  draft.category = template.category;
  for (const c of template.components ?? []) {
    if (c.type === 'HEADER') {
      draft.header = c.format;
      draft.headerText = str(c.text);
      draft.headerExample =
        str(c.example?.header_text?.[0]) || str(c.example?.header_text_named_params?.[0]?.example);
      draft.headerMedia = str(c.example?.header_handle?.[0]);
    } else if (c.type === 'BODY') {
      draft.body = str(c.text);
      c.example?.body_text?.[0]?.forEach((value, i) => {
        draft.examples[String(i + 1)] = str(value);
      });
      for (const e of c.example?.body_text_named_params ?? []) draft.examples[e.param_name] = str(e.example);
    } else if (c.type === 'FOOTER') {
      draft.footer = str(c.text);
    } else if (c.type === 'BUTTONS') {
      draft.buttons = (c.buttons ?? []).map((b) => ({
        ...emptyButton(b.type),
        text: str(b.text),
        url: str(b.url),
        urlExample: b.type === 'URL' ? str(Array.isArray(b.example) ? b.example[0] : b.example) : '',
        phone: str(b.phone_number),
        code: b.type === 'COPY_CODE' ? str(Array.isArray(b.example) ? b.example[0] : b.example) : '',
      }));
    }
  }
  return draft;
}

/** Where the editor shows a problem: `name`, `header.text`, `body.example`, `buttons.2.url`… */
export type FieldKey = string;

/**
 * Maps a checker path (`components.1.example`, `components.3.buttons.0.url`) to the editor's field key,
 * knowing which component sits at which index in `toComponents`' output.
 */
export function fieldOf(problem: TemplateProblem, components: TemplateComponent[]): FieldKey {
  const parts = problem.path.split('.');
  if (parts[0] !== 'components') return problem.path;
  if (parts.length === 1) {
    // No BODY / no BUTTONS component at all.
    return problem.code === 'bodyRequired' ? 'body.text' : 'buttons';
  }
  const component = components[Number(parts[1])];
  const kind =
    component?.type === 'HEADER'
      ? 'header'
      : component?.type === 'FOOTER'
        ? 'footer'
        : component?.type === 'BUTTONS'
          ? 'buttons'
          : 'body';
  const rest = parts.slice(2).join('.');
  if (kind === 'buttons') return rest.replace(/^buttons\.?/, '') ? `buttons.${rest.slice(8)}` : 'buttons';
  return rest ? `${kind}.${rest}` : `${kind}.text`;
}

export type FieldProblems = Record<FieldKey, { errors: TemplateProblem[]; warnings: TemplateProblem[] }>;

export function groupProblems(result: TemplateCheckResult, components: TemplateComponent[]): FieldProblems {
  const out: FieldProblems = {};
  const at = (key: FieldKey) => {
    out[key] ??= { errors: [], warnings: [] };
    return out[key];
  };
  for (const e of result.errors) at(fieldOf(e, components)).errors.push(e);
  for (const w of result.warnings) at(fieldOf(w, components)).warnings.push(w);
  return out;
}

/** Two drafts say the same thing (button keys aside): the "unsaved changes" test. */
export const sameDraft = (a: Draft, b: Draft) =>
  JSON.stringify(toBody(a)) === JSON.stringify(toBody(b)) &&
  a.headerMedia === b.headerMedia &&
  a.header === b.header;

/** Statuses in which the text can still change in place; from APPROVED on, an edit is a new version. */
export const editableInPlace = (status: Template['status'] | undefined) =>
  status === undefined || status === 'DRAFT' || status === 'REJECTED';
