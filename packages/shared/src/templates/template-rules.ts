// Pre-checks for a Template before it is submitted to Meta (issue 4, item 2). Pure and browser-safe: the
// editor runs them as the user types and the API runs them again before `POST /{waba-id}/message_templates`.
// Limits follow Meta's published template rules (developers.facebook.com/documentation/business-messaging/
// whatsapp/templates/components); warnings are our own heuristics that raise approval odds.

import { templateCategories } from '../enums.ts';

export type TemplateCategory = (typeof templateCategories)[number];

export type TemplateHeaderFormat = 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';
export type TemplateButtonType = 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'OTP';
export type NamedParamExample = { param_name: string; example: string };

/** Components exactly as Meta's message_templates API takes them. */
export type TemplateHeader = {
  type: 'HEADER';
  format: TemplateHeaderFormat;
  text?: string;
  example?: {
    header_text?: string[];
    header_text_named_params?: NamedParamExample[];
    header_handle?: string[];
  };
};
export type TemplateBody = {
  type: 'BODY';
  text: string;
  example?: { body_text?: string[][]; body_text_named_params?: NamedParamExample[] };
};
export type TemplateFooter = { type: 'FOOTER'; text: string };
export type TemplateButton = {
  type: TemplateButtonType;
  text?: string;
  url?: string;
  phone_number?: string;
  example?: string[] | string;
};
export type TemplateButtons = { type: 'BUTTONS'; buttons: TemplateButton[] };
export type TemplateComponent = TemplateHeader | TemplateBody | TemplateFooter | TemplateButtons;

export type TemplateInput = {
  name: string;
  language: string;
  category: TemplateCategory;
  components: TemplateComponent[];
};

/** One finding; `messageKey` is an i18n key, `params` fill its placeholders. Not the RFC 9457 `Problem`. */
export type TemplateProblem = {
  path: string;
  code: string;
  messageKey: string;
  params?: Record<string, string | number>;
};
export type TemplateCheckResult = { errors: TemplateProblem[]; warnings: TemplateProblem[] };

export const templateLimits = {
  name: 512,
  header: 60,
  body: 1024,
  footer: 60,
  buttons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCodeButtons: 1,
  visibleQuickReplies: 3,
  buttonText: 25,
  url: 2000,
  phoneNumber: 20,
  wordsPerParameter: 3,
} as const;

/** Language codes Meta accepts for templates (a subset of its published list, the common ones). */
export const templateLanguages: readonly string[] = [
  'af',
  'ar',
  'az',
  'bg',
  'bn',
  'ca',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'en_GB',
  'en_US',
  'es',
  'es_AR',
  'es_ES',
  'es_MX',
  'et',
  'fa',
  'fi',
  'fil',
  'fr',
  'ga',
  'gu',
  'ha',
  'he',
  'hi',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ka',
  'kk',
  'kn',
  'ko',
  'ky_KG',
  'lo',
  'lt',
  'lv',
  'mk',
  'ml',
  'mr',
  'ms',
  'nb',
  'nl',
  'pa',
  'pl',
  'pt_BR',
  'pt_PT',
  'ro',
  'ru',
  'rw_RW',
  'sk',
  'sl',
  'sq',
  'sr',
  'sv',
  'sw',
  'ta',
  'te',
  'th',
  'tr',
  'uk',
  'ur',
  'uz',
  'vi',
  'zh_CN',
  'zh_HK',
  'zh_TW',
  'zu',
];

// Compared without accents and case, as whole words.
const promotionalWords = [
  'promocao',
  'promocoes',
  'promo',
  'desconto',
  'descontos',
  'oferta',
  'ofertas',
  'gratis',
  'compre',
  'liquidacao',
  'cupom',
  'imperdivel',
  'aproveite',
  'sale',
  'discount',
  'offer',
  'offers',
  'free',
  'buy',
  'deal',
  'deals',
  'coupon',
  'promotion',
  'descuento',
  'gratuito',
];

type Parameter = { raw: string; name: string; kind: 'positional' | 'named' | 'invalid'; index: number };

const parameterPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every `{{…}}` in `text`, in order, classified as positional (`{{1}}`), named (`{{customer_name}}`) or invalid. */
export function templateParameters(text: string): Parameter[] {
  return [...text.matchAll(parameterPattern)].map((m) => {
    const name = m[1] ?? '';
    const kind = /^[1-9]\d*$/.test(name)
      ? 'positional'
      : /^[a-z][a-z0-9_]*$/.test(name)
        ? 'named'
        : 'invalid';
    return { raw: m[0], name, kind, index: m.index };
  });
}

const unique = (values: string[]) => [...new Set(values)];
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function checkTemplate(input: TemplateInput): TemplateCheckResult {
  const errors: TemplateProblem[] = [];
  const warnings: TemplateProblem[] = [];
  const error = (path: string, code: string, params?: TemplateProblem['params']) =>
    errors.push({ path, code, messageKey: `templates.rules.${code}`, ...(params ? { params } : {}) });
  const warn = (path: string, code: string, params?: TemplateProblem['params']) =>
    warnings.push({ path, code, messageKey: `templates.rules.${code}`, ...(params ? { params } : {}) });

  const name = typeof input.name === 'string' ? input.name : '';
  if (!/^[a-z0-9_]+$/.test(name)) error('name', 'nameInvalid');
  if (name.length > templateLimits.name) error('name', 'nameTooLong', { max: templateLimits.name });
  if (!templateLanguages.includes(input.language))
    error('language', 'languageUnknown', { language: String(input.language) });

  const components = Array.isArray(input.components) ? input.components : [];
  const seen = new Set<string>();
  components.forEach((c, i) => {
    if (seen.has(c.type)) error(`components.${i}`, 'duplicateComponent', { type: c.type });
    seen.add(c.type);
  });

  const bodyIndex = components.findIndex((c) => c.type === 'BODY');
  const body = components[bodyIndex] as TemplateBody | undefined;
  const headerIndex = components.findIndex((c) => c.type === 'HEADER');
  const header = components[headerIndex] as TemplateHeader | undefined;
  const footerIndex = components.findIndex((c) => c.type === 'FOOTER');
  const footer = components[footerIndex] as TemplateFooter | undefined;
  const buttonsIndex = components.findIndex((c) => c.type === 'BUTTONS');
  const buttons = (components[buttonsIndex] as TemplateButtons | undefined)?.buttons ?? [];

  const bodyText = typeof body?.text === 'string' ? body.text : '';
  const headerText = header?.format === 'TEXT' && typeof header.text === 'string' ? header.text : '';
  const bodyParams = templateParameters(bodyText);
  const headerParams = templateParameters(headerText);

  // Meta takes one parameter_format per template, so positional and named never mix across components.
  const all = [...headerParams, ...bodyParams];
  if (all.some((p) => p.kind === 'positional') && all.some((p) => p.kind === 'named')) {
    error(`components.${bodyIndex >= 0 ? bodyIndex : headerIndex}.text`, 'mixedParameterFormats');
  }

  // --- body
  if (!body || bodyText.trim() === '') {
    error(body ? `components.${bodyIndex}.text` : 'components', 'bodyRequired');
  } else {
    const path = `components.${bodyIndex}.text`;
    if (bodyText.length > templateLimits.body)
      error(path, 'bodyTooLong', { max: templateLimits.body, length: bodyText.length });
    checkParameterNames(bodyParams, path, error);
    checkSequence(bodyParams, path, error);
    const trimmed = bodyText.trim();
    const valid = bodyParams.filter((p) => p.kind !== 'invalid');
    if (valid.length > 0) {
      if (valid.some((p) => trimmed.startsWith(p.raw))) error(path, 'bodyStartsWithParameter');
      if (valid.some((p) => trimmed.endsWith(p.raw))) error(path, 'bodyEndsWithParameter');
      if (hasAdjacent(bodyText, valid)) error(path, 'adjacentParameters');
      checkBodyExamples(body, valid, bodyIndex, error);

      const stripped = bodyText.replace(parameterPattern, ' ');
      const words = stripped.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      if (words === 0) warn(path, 'bodyOnlyParameters');
      else if (unique(valid.map((p) => p.name)).length * templateLimits.wordsPerParameter > words) {
        warn(path, 'tooManyParameters', { parameters: unique(valid.map((p) => p.name)).length, words });
      }
    }
  }

  // --- header
  if (header) {
    const path = `components.${headerIndex}`;
    if (header.format === 'TEXT') {
      if (headerText.trim() === '') error(`${path}.text`, 'headerTextRequired');
      if (headerText.length > templateLimits.header)
        error(`${path}.text`, 'headerTooLong', { max: templateLimits.header, length: headerText.length });
      checkParameterNames(headerParams, `${path}.text`, error);
      const valid = headerParams.filter((p) => p.kind !== 'invalid');
      if (unique(valid.map((p) => p.name)).length > 1)
        error(`${path}.text`, 'headerTooManyParameters', { max: 1 });
      else checkSequence(valid, `${path}.text`, error);
      const first = valid[0];
      if (first?.kind === 'positional' && !(header.example?.header_text?.[0] ?? '').trim()) {
        error(`${path}.example`, 'headerExampleMissing', { parameter: first.raw });
      }
      if (first?.kind === 'named') {
        const given = header.example?.header_text_named_params ?? [];
        if (!given.some((e) => e.param_name === first.name && e.example?.trim())) {
          error(`${path}.example`, 'headerExampleMissing', { parameter: first.raw });
        }
      }
    } else if (header.format !== 'LOCATION') {
      if (input.category === 'AUTHENTICATION') error(`${path}.format`, 'authenticationNoMedia');
      else if (!(header.example?.header_handle ?? []).some((h) => typeof h === 'string' && h.trim())) {
        error(`${path}.example`, 'headerMediaExampleMissing', { format: header.format });
      }
    } else if (input.category === 'AUTHENTICATION') {
      error(`${path}.format`, 'authenticationNoMedia');
    }
  }

  // --- footer
  if (footer) {
    const path = `components.${footerIndex}.text`;
    const text = typeof footer.text === 'string' ? footer.text : '';
    if (text.length > templateLimits.footer)
      error(path, 'footerTooLong', { max: templateLimits.footer, length: text.length });
    if (templateParameters(text).length > 0) error(path, 'footerHasParameters');
  }

  // --- buttons
  checkButtons(buttons, buttonsIndex, input.category, error, warn);

  // --- category
  if (input.category === 'AUTHENTICATION') {
    const path = `components.${bodyIndex}.text`;
    if (/https?:\/\/|www\./i.test(bodyText)) error(path, 'authenticationNoUrls');
    if (/\p{Extended_Pictographic}/u.test(bodyText)) error(path, 'authenticationNoEmojis');
    if (!buttons.some((b) => b.type === 'OTP' || b.type === 'COPY_CODE')) {
      error(
        buttonsIndex >= 0 ? `components.${buttonsIndex}.buttons` : 'components',
        'authenticationCodeButtonRequired',
      );
    }
  }
  if (input.category === 'UTILITY') {
    const texts = [headerText, bodyText, footer?.text ?? ''].map(fold).join(' ');
    const found = unique(
      promotionalWords.filter((w) =>
        new RegExp(`(^|[^\\p{L}\\p{N}])${w}($|[^\\p{L}\\p{N}])`, 'u').test(texts),
      ),
    );
    if (found.length > 0)
      warn(`components.${bodyIndex}.text`, 'promotionalWordsInUtility', { words: found.join(', ') });
  }

  return { errors, warnings };
}

type Report = (path: string, code: string, params?: TemplateProblem['params']) => void;

function checkParameterNames(params: Parameter[], path: string, error: Report) {
  for (const p of params.filter((x) => x.kind === 'invalid'))
    error(path, 'parameterInvalid', { parameter: p.raw });
}

// Positional parameters must first appear as {{1}}, {{2}}, … with no number skipped.
function checkSequence(params: Parameter[], path: string, error: Report) {
  const order = unique(params.filter((p) => p.kind === 'positional').map((p) => p.name)).map(Number);
  const bad = order.findIndex((n, i) => n !== i + 1);
  if (bad >= 0)
    error(path, 'parametersNotSequential', { expected: `{{${bad + 1}}}`, found: `{{${order[bad]}}}` });
}

function hasAdjacent(text: string, params: Parameter[]) {
  return params.some((p, i) => {
    const next = params[i + 1];
    return next !== undefined && text.slice(p.index + p.raw.length, next.index).trim() === '';
  });
}

function checkBodyExamples(body: TemplateBody, params: Parameter[], bodyIndex: number, error: Report) {
  const path = `components.${bodyIndex}.example`;
  const names = unique(params.map((p) => p.name));
  if (params[0]?.kind === 'positional') {
    const given = body.example?.body_text?.[0] ?? [];
    const missing = names.filter((n) => !(given[Number(n) - 1] ?? '').trim());
    if (missing.length > 0)
      error(path, 'bodyExampleMissing', { parameters: missing.map((n) => `{{${n}}}`).join(', ') });
  } else {
    const given = body.example?.body_text_named_params ?? [];
    const missing = names.filter((n) => !given.some((e) => e.param_name === n && e.example?.trim()));
    if (missing.length > 0)
      error(path, 'bodyExampleMissing', { parameters: missing.map((n) => `{{${n}}}`).join(', ') });
  }
}

function checkButtons(
  buttons: TemplateButton[],
  index: number,
  category: TemplateCategory,
  error: Report,
  warn: Report,
) {
  if (buttons.length === 0) return;
  const path = `components.${index}.buttons`;
  const count = (type: TemplateButtonType) => buttons.filter((b) => b.type === type).length;
  if (buttons.length > templateLimits.buttons) error(path, 'tooManyButtons', { max: templateLimits.buttons });
  if (count('URL') > templateLimits.urlButtons)
    error(path, 'tooManyUrlButtons', { max: templateLimits.urlButtons });
  if (count('PHONE_NUMBER') > templateLimits.phoneButtons)
    error(path, 'tooManyPhoneButtons', { max: templateLimits.phoneButtons });
  if (count('COPY_CODE') > templateLimits.copyCodeButtons)
    error(path, 'tooManyCopyCodeButtons', { max: templateLimits.copyCodeButtons });
  // WhatsApp shows three quick replies and hides the rest behind "See all options".
  if (count('QUICK_REPLY') > templateLimits.visibleQuickReplies) {
    warn(path, 'quickRepliesHidden', { visible: templateLimits.visibleQuickReplies });
  }
  const switches = buttons.filter(
    (b, i) => i > 0 && (b.type === 'QUICK_REPLY') !== (buttons[i - 1]?.type === 'QUICK_REPLY'),
  );
  if (switches.length > 1) error(path, 'buttonsNotGrouped');

  buttons.forEach((b, j) => {
    const at = `${path}.${j}`;
    const text = typeof b.text === 'string' ? b.text : '';
    const needsText = b.type === 'QUICK_REPLY' || b.type === 'URL' || b.type === 'PHONE_NUMBER';
    if (needsText && text.trim() === '') error(`${at}.text`, 'buttonTextRequired');
    if (text.length > templateLimits.buttonText)
      error(`${at}.text`, 'buttonTextTooLong', { max: templateLimits.buttonText, length: text.length });
    if (b.type === 'OTP' && category !== 'AUTHENTICATION')
      error(`${at}.type`, 'otpButtonOnlyInAuthentication');
    if (b.type === 'URL') checkUrlButton(b, at, error);
    if (b.type === 'PHONE_NUMBER') {
      const phone = (b.phone_number ?? '').replace(/[\s().-]/g, '');
      if (!/^\+?[1-9]\d{7,14}$/.test(phone) || (b.phone_number ?? '').length > templateLimits.phoneNumber) {
        error(`${at}.phone_number`, 'phoneInvalid');
      }
    }
  });
}

function checkUrlButton(button: TemplateButton, at: string, error: Report) {
  const url = typeof button.url === 'string' ? button.url.trim() : '';
  const params = templateParameters(url);
  if (url.length > templateLimits.url) error(`${at}.url`, 'urlTooLong', { max: templateLimits.url });
  if (params.length > 1) error(`${at}.url`, 'urlTooManyParameters');
  else if (params.length === 1 && (params[0]?.name !== '1' || !url.endsWith(params[0].raw))) {
    error(`${at}.url`, 'urlParameterNotAtEnd');
  }
  let valid = false;
  try {
    valid = new URL(url.replace(parameterPattern, 'x')).protocol === 'https:';
  } catch {
    valid = false;
  }
  if (!valid || !/^https:\/\//i.test(url)) error(`${at}.url`, 'urlInvalid');
  if (params.length > 0) {
    const example = Array.isArray(button.example) ? button.example[0] : button.example;
    if (!example?.trim()) error(`${at}.example`, 'urlExampleMissing');
  }
}

export type RenderVariables = Record<string, string> | string[];
export type RenderedTemplate = {
  header?: string;
  text: string;
  footer?: string;
  buttons: { type: TemplateButtonType; text: string; url?: string; phone_number?: string }[];
};

const lookup = (values: RenderVariables | undefined, name: string): string | undefined => {
  if (!values) return undefined;
  if (Array.isArray(values)) return /^\d+$/.test(name) ? values[Number(name) - 1] : undefined;
  return values[name];
};
const fill = (text: string, values: RenderVariables | undefined) =>
  text.replace(parameterPattern, (raw, name: string) => lookup(values, name) ?? raw);

/**
 * The message a contact would see, for previews: `variables` fill the body, `header` the text header
 * and `buttons` (by button index) the dynamic URL suffix. Parameters without a value stay as `{{n}}`.
 */
export function renderTemplate(
  components: TemplateComponent[],
  options: { variables?: RenderVariables; header?: RenderVariables; buttons?: (string | undefined)[] } = {},
): RenderedTemplate {
  const out: RenderedTemplate = { text: '', buttons: [] };
  for (const c of components) {
    if (c.type === 'HEADER' && c.format === 'TEXT' && c.text) out.header = fill(c.text, options.header);
    if (c.type === 'BODY') out.text = fill(c.text ?? '', options.variables);
    if (c.type === 'FOOTER' && c.text) out.footer = c.text;
    if (c.type === 'BUTTONS') {
      out.buttons = c.buttons.map((b, j) => ({
        type: b.type,
        text: b.text ?? '',
        ...(b.url !== undefined ? { url: fill(b.url, [options.buttons?.[j] ?? '{{1}}']) } : {}),
        ...(b.phone_number !== undefined ? { phone_number: b.phone_number } : {}),
      }));
    }
  }
  return out;
}
