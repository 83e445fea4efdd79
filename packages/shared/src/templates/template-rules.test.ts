import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  renderTemplate,
  type TemplateButton,
  type TemplateComponent,
  type TemplateInput,
} from './template-rules.ts';

const body = (text: string, example?: string[]): TemplateComponent => ({
  type: 'BODY',
  text,
  ...(example ? { example: { body_text: [example] } } : {}),
});
const buttons = (...list: TemplateButton[]): TemplateComponent => ({ type: 'BUTTONS', buttons: list });
const qr = (text = 'Sim'): TemplateButton => ({ type: 'QUICK_REPLY', text });
const link = (url = 'https://loja.example.com/pedidos', example?: string[]): TemplateButton => ({
  type: 'URL',
  text: 'Ver pedido',
  url,
  ...(example ? { example } : {}),
});
const phone = (phone_number = '+5511987654321'): TemplateButton => ({
  type: 'PHONE_NUMBER',
  text: 'Ligar',
  phone_number,
});

const template = (over: Partial<TemplateInput> = {}): TemplateInput => ({
  name: 'order_shipped',
  language: 'pt_BR',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}', example: { header_text: ['#1234'] } },
    body('Olá {{1}}, seu pedido {{2}} foi enviado hoje e chega em breve.', ['Ana', '#1234']),
    { type: 'FOOTER', text: 'Loja Exemplo' },
    buttons(link('https://loja.example.com/pedidos/{{1}}', ['1234']), phone()),
  ],
  ...over,
});
const withBody = (text: string, example?: string[], over: Partial<TemplateInput> = {}) =>
  template({ components: [body(text, example)], ...over });

const errorCodes = (input: TemplateInput) => checkTemplate(input).errors.map((e) => e.code);
const warningCodes = (input: TemplateInput) => checkTemplate(input).warnings.map((w) => w.code);

/** Each rule: a template that passes it and one that breaks it; only the broken one reports `code`. */
const expectRule = (
  code: string,
  ok: TemplateInput,
  bad: TemplateInput,
  kind: 'errors' | 'warnings' = 'errors',
) => {
  const read = kind === 'errors' ? errorCodes : warningCodes;
  expect(read(ok)).not.toContain(code);
  expect(read(bad)).toContain(code);
};

describe('checkTemplate', () => {
  it('accepts a well-formed utility template with no warnings', () => {
    expect(checkTemplate(template())).toEqual({ errors: [], warnings: [] });
  });

  it('reports a field path and an i18n key with parameters', () => {
    const long = 'a'.repeat(1025);
    expect(checkTemplate(withBody(long)).errors).toEqual([
      {
        path: 'components.0.text',
        code: 'bodyTooLong',
        messageKey: 'templates.rules.bodyTooLong',
        params: { max: 1024, length: 1025 },
      },
    ]);
  });

  describe('name and language', () => {
    it.each(['Order_Shipped', 'order-shipped', 'pedido enviado', 'promoção', ''])(
      'refuses the name %j',
      (name) => {
        expectRule('nameInvalid', template(), template({ name }));
      },
    );
    it('limits the name to 512 characters', () => {
      expectRule('nameTooLong', template({ name: 'a'.repeat(512) }), template({ name: 'a'.repeat(513) }));
    });
    it.each(['pt', 'pt-BR', 'en_us', 'xx'])('refuses the language %j', (language) => {
      expectRule('languageUnknown', template({ language: 'en_US' }), template({ language }));
    });
    it('knows es and en', () => {
      expect(errorCodes(template({ language: 'es' }))).toEqual([]);
      expect(errorCodes(template({ language: 'en' }))).toEqual([]);
    });
  });

  describe('components', () => {
    it('requires a body', () => {
      expectRule('bodyRequired', template(), template({ components: [{ type: 'FOOTER', text: 'x' }] }));
      expectRule('bodyRequired', template(), withBody('   '));
    });
    it('takes one component of each type', () => {
      expectRule(
        'duplicateComponent',
        withBody('Olá, tudo bem?'),
        template({ components: [body('Olá'), body('Tchau')] }),
      );
    });
    it('limits the body to 1024 characters', () => {
      expectRule('bodyTooLong', withBody('a'.repeat(1024)), withBody('a'.repeat(1025)));
    });
    it('limits a text header to 60 characters', () => {
      const header = (text: string): TemplateComponent => ({ type: 'HEADER', format: 'TEXT', text });
      const ok = template({ components: [header('a'.repeat(60)), body('Olá')] });
      expectRule('headerTooLong', ok, template({ components: [header('a'.repeat(61)), body('Olá')] }));
      expectRule('headerTextRequired', ok, template({ components: [header(''), body('Olá')] }));
    });
    it('allows at most one header parameter', () => {
      const header = (text: string, ex: string[]): TemplateComponent => ({
        type: 'HEADER',
        format: 'TEXT',
        text,
        example: { header_text: ex },
      });
      expectRule(
        'headerTooManyParameters',
        template({ components: [header('Pedido {{1}}', ['#1']), body('Olá')] }),
        template({ components: [header('Pedido {{1}} de {{2}}', ['#1', 'Ana']), body('Olá')] }),
      );
    });
    it('limits the footer to 60 characters without parameters', () => {
      const footer = (text: string): TemplateComponent => ({ type: 'FOOTER', text });
      expectRule(
        'footerTooLong',
        template({ components: [body('Olá'), footer('a'.repeat(60))] }),
        template({ components: [body('Olá'), footer('a'.repeat(61))] }),
      );
      expectRule(
        'footerHasParameters',
        template({ components: [body('Olá'), footer('Loja')] }),
        template({ components: [body('Olá'), footer('Loja {{1}}')] }),
      );
    });
  });

  describe('parameters', () => {
    it('numbers positional parameters in order without gaps', () => {
      const ok = withBody('Olá {{1}}, pedido {{2}} e de novo {{1}} confirmado.', ['Ana', '#1']);
      expectRule(
        'parametersNotSequential',
        ok,
        withBody('Olá {{1}}, pedido {{3}} confirmado agora.', ['Ana', 'x', '#1']),
      );
      expectRule(
        'parametersNotSequential',
        ok,
        withBody('Olá {{2}}, pedido {{1}} confirmado agora.', ['#1', 'Ana']),
      );
    });
    it('names the expected and found parameter', () => {
      const problem = checkTemplate(withBody('Olá {{1}}, pedido {{3}} confirmado agora.', ['a', 'b', 'c']))
        .errors[0];
      expect(problem).toMatchObject({
        code: 'parametersNotSequential',
        params: { expected: '{{2}}', found: '{{3}}' },
      });
    });
    it('takes named parameters in lowercase and underscores only', () => {
      const named = (text: string, names: string[]): TemplateInput =>
        template({
          components: [
            {
              type: 'BODY',
              text,
              example: { body_text_named_params: names.map((n) => ({ param_name: n, example: 'x' })) },
            },
          ],
        });
      expectRule(
        'parameterInvalid',
        named('Olá {{customer_name}}, tudo bem por aí?', ['customer_name']),
        named('Olá {{Customer-Name}}, tudo bem por aí?', []),
      );
      expectRule(
        'parameterInvalid',
        named('Olá {{customer_name}}, tudo bem por aí?', ['customer_name']),
        named('Olá {{}}, tudo bem com você hoje?', []),
      );
    });
    it('never mixes named and positional parameters', () => {
      const mixed = template({
        components: [
          {
            type: 'HEADER',
            format: 'TEXT',
            text: 'Pedido {{order_id}}',
            example: { header_text_named_params: [{ param_name: 'order_id', example: '#1' }] },
          },
          body('Olá {{1}}, seu pedido foi enviado hoje mesmo.', ['Ana']),
        ],
      });
      expectRule('mixedParameterFormats', template(), mixed);
    });
    it('refuses a parameter at the very start or end of the body', () => {
      const ok = withBody('Olá {{1}}, seu pedido chegou.', ['Ana']);
      expectRule('bodyStartsWithParameter', ok, withBody('  {{1}}, seu pedido chegou hoje.', ['Ana']));
      expectRule('bodyEndsWithParameter', ok, withBody('Seu pedido chegou, obrigado {{1}} ', ['Ana']));
    });
    it('refuses two adjacent parameters', () => {
      expectRule(
        'adjacentParameters',
        withBody('Olá {{1}}, seu pedido {{2}} chegou hoje.', ['Ana', '#1']),
        withBody('Olá {{1}} \n {{2}}, seu pedido chegou hoje.', ['Ana', 'Souza']),
      );
    });
    it('needs an example for every positional body parameter', () => {
      expectRule(
        'bodyExampleMissing',
        withBody('Olá {{1}}, seu pedido {{2}} chegou hoje.', ['Ana', '#1']),
        withBody('Olá {{1}}, seu pedido {{2}} chegou hoje.', ['Ana']),
      );
      expectRule(
        'bodyExampleMissing',
        withBody('Olá {{1}}, seu pedido chegou hoje.', ['Ana']),
        withBody('Olá {{1}}, seu pedido chegou hoje.'),
      );
    });
    it('needs an example for every named body parameter', () => {
      const named = (examples: { param_name: string; example: string }[]) =>
        template({
          components: [
            {
              type: 'BODY',
              text: 'Olá {{customer_name}}, seu pedido {{order_id}} chegou.',
              example: { body_text_named_params: examples },
            },
          ],
        });
      const ok = named([
        { param_name: 'customer_name', example: 'Ana' },
        { param_name: 'order_id', example: '#1' },
      ]);
      expectRule('bodyExampleMissing', ok, named([{ param_name: 'customer_name', example: 'Ana' }]));
      expect(checkTemplate(named([])).errors[0]?.params).toEqual({
        parameters: '{{customer_name}}, {{order_id}}',
      });
    });
    it('needs an example for the header parameter', () => {
      const header = (example?: string[]): TemplateComponent => ({
        type: 'HEADER',
        format: 'TEXT',
        text: 'Pedido {{1}}',
        ...(example ? { example: { header_text: example } } : {}),
      });
      expectRule(
        'headerExampleMissing',
        template({ components: [header(['#1']), body('Olá')] }),
        template({ components: [header(), body('Olá')] }),
      );
    });
    it('needs an example handle for a media header', () => {
      const media = (handle?: string[]): TemplateComponent => ({
        type: 'HEADER',
        format: 'IMAGE',
        ...(handle ? { example: { header_handle: handle } } : {}),
      });
      expectRule(
        'headerMediaExampleMissing',
        template({ components: [media(['4::aW1h']), body('Olá')] }),
        template({ components: [media(), body('Olá')] }),
      );
      expectRule(
        'headerMediaExampleMissing',
        template({ components: [{ type: 'HEADER', format: 'LOCATION' }, body('Olá')] }),
        template({ components: [media(['']), body('Olá')] }),
      );
    });
  });

  describe('buttons', () => {
    const withButtons = (...list: TemplateButton[]) =>
      template({ components: [body('Olá, seu pedido chegou.'), buttons(...list)] });

    it('takes at most 10 buttons', () => {
      const many = (n: number) => [
        link(),
        phone(),
        ...Array.from({ length: n - 2 }, (_, i) => qr(`Opção ${i}`)),
      ];
      expectRule('tooManyButtons', withButtons(...many(10)), withButtons(...many(11)));
    });
    it('takes at most 2 URL buttons and 1 phone button', () => {
      expectRule('tooManyUrlButtons', withButtons(link(), link()), withButtons(link(), link(), link()));
      expectRule('tooManyPhoneButtons', withButtons(phone(), link()), withButtons(phone(), phone()));
    });
    it('takes at most one copy-code button', () => {
      const code: TemplateButton = { type: 'COPY_CODE', example: 'SAVE10' };
      const marketing = (...list: TemplateButton[]) => ({
        ...withButtons(...list),
        category: 'MARKETING' as const,
      });
      expectRule('tooManyCopyCodeButtons', marketing(code, qr()), marketing(code, code));
    });
    it('warns that quick replies after the third are hidden', () => {
      expectRule(
        'quickRepliesHidden',
        withButtons(qr('a'), qr('b'), qr('c')),
        withButtons(qr('a'), qr('b'), qr('c'), qr('d')),
        'warnings',
      );
    });
    it('keeps quick replies and call-to-action buttons in two groups', () => {
      expectRule(
        'buttonsNotGrouped',
        withButtons(qr('a'), qr('b'), link(), phone()),
        withButtons(qr('a'), link(), qr('b')),
      );
      expectRule(
        'buttonsNotGrouped',
        withButtons(link(), phone(), qr('a'), qr('b')),
        withButtons(link(), qr('a'), phone()),
      );
    });
    it('limits button text to 25 characters and requires it', () => {
      expectRule('buttonTextTooLong', withButtons(qr('a'.repeat(25))), withButtons(qr('a'.repeat(26))));
      expectRule('buttonTextRequired', withButtons(qr('Sim')), withButtons(qr(' ')));
    });
    it('accepts only https URLs', () => {
      expectRule(
        'urlInvalid',
        withButtons(link('https://loja.example.com')),
        withButtons(link('http://loja.example.com')),
      );
      expectRule(
        'urlInvalid',
        withButtons(link('https://loja.example.com')),
        withButtons(link('loja.example.com')),
      );
      expectRule('urlInvalid', withButtons(link('https://loja.example.com')), withButtons(link('https://')));
    });
    it('takes one dynamic {{1}} at the end of the URL', () => {
      const ok = withButtons(link('https://loja.example.com/p/{{1}}', ['42']));
      expectRule('urlParameterNotAtEnd', ok, withButtons(link('https://loja.example.com/{{1}}/p', ['42'])));
      expectRule('urlParameterNotAtEnd', ok, withButtons(link('https://loja.example.com/p/{{2}}', ['42'])));
      expectRule(
        'urlTooManyParameters',
        ok,
        withButtons(link('https://loja.example.com/{{1}}/{{2}}', ['42'])),
      );
    });
    it('needs an example for a dynamic URL', () => {
      expectRule(
        'urlExampleMissing',
        withButtons(link('https://loja.example.com/p/{{1}}', ['42'])),
        withButtons(link('https://loja.example.com/p/{{1}}')),
      );
    });
    it('limits the URL to 2000 characters', () => {
      const url = (n: number) => `https://loja.example.com/${'a'.repeat(n - 25)}`;
      expectRule('urlTooLong', withButtons(link(url(2000))), withButtons(link(url(2001))));
    });
    it.each(['11987654321x', '123', '+0 11 98765-4321', '', '+55 (11) 98765-4321 ramal 2'])(
      'refuses the phone %j',
      (number) => {
        expectRule('phoneInvalid', withButtons(phone('+55 11 98765-4321')), withButtons(phone(number)));
      },
    );
    it('keeps OTP buttons for authentication templates', () => {
      const otp: TemplateButton = { type: 'OTP', text: 'Copiar código' };
      const auth = template({
        category: 'AUTHENTICATION',
        components: [body('Seu código de acesso é {{1}}.', ['123456']), buttons(otp)],
      });
      expectRule('otpButtonOnlyInAuthentication', auth, { ...auth, category: 'UTILITY' });
    });
  });

  describe('authentication templates', () => {
    const auth = (
      text: string,
      list: TemplateButton[] = [{ type: 'OTP', text: 'Copiar código' }],
      extra: TemplateComponent[] = [],
    ) =>
      template({
        category: 'AUTHENTICATION',
        components: [...extra, body(text, ['123456']), ...(list.length ? [buttons(...list)] : [])],
      });
    const ok = auth('Seu código de verificação é {{1}}. Não compartilhe.');

    it('accepts a code template', () => {
      expect(checkTemplate(ok)).toEqual({ errors: [], warnings: [] });
    });
    it('refuses URLs in the body', () => {
      expectRule('authenticationNoUrls', ok, auth('Seu código é {{1}}, veja https://x.example.com agora.'));
      expectRule('authenticationNoUrls', ok, auth('Seu código é {{1}}, veja www.example.com agora.'));
    });
    it('refuses emojis in the body', () => {
      expectRule('authenticationNoEmojis', ok, auth('Seu código é {{1}} 🔐 não compartilhe.'));
    });
    it('refuses a media header', () => {
      const image: TemplateComponent = {
        type: 'HEADER',
        format: 'IMAGE',
        example: { header_handle: ['4::x'] },
      };
      expectRule(
        'authenticationNoMedia',
        ok,
        auth('Seu código é {{1}}, não compartilhe.', undefined, [image]),
      );
    });
    it('needs an OTP or copy-code button', () => {
      expectRule(
        'authenticationCodeButtonRequired',
        auth('Seu código é {{1}}, use já.', [{ type: 'COPY_CODE', example: '123456' }]),
        auth('Seu código é {{1}}, use já.', []),
      );
      expectRule('authenticationCodeButtonRequired', ok, auth('Seu código é {{1}}, use já.', [qr()]));
    });
  });

  describe('warnings', () => {
    it('warns about too many parameters for the text length', () => {
      expectRule(
        'tooManyParameters',
        withBody('Olá {{1}}, seu pedido {{2}} foi enviado hoje.', ['Ana', '#1']),
        withBody('Oi {{1}}, pedido {{2}} em {{3}} ok.', ['Ana', '#1', 'SP']),
        'warnings',
      );
    });
    it('warns about a body that is only parameters', () => {
      expectRule(
        'bodyOnlyParameters',
        withBody('Olá {{1}}!', ['Ana']),
        withBody('{{1}}, {{2}}.', ['Ana', 'Bia']),
        'warnings',
      );
    });
    it.each([
      'Seu DESCONTO foi aplicado ao pedido.',
      'Frete grátis no seu pedido.',
      'Get a free gift today.',
      'Nossa promoção começa hoje.',
    ])('warns about promotional words in a utility template: %j', (text) => {
      expectRule(
        'promotionalWordsInUtility',
        withBody('Seu pedido foi confirmado e já está a caminho.'),
        withBody(text),
        'warnings',
      );
      expect(warningCodes(withBody(text, undefined, { category: 'MARKETING' }))).not.toContain(
        'promotionalWordsInUtility',
      );
    });
    it('names the promotional words it found, without accents', () => {
      const warning = checkTemplate(withBody('Oferta: frete GRÁTIS no seu pedido.')).warnings[0];
      expect(warning).toMatchObject({ path: 'components.0.text', params: { words: 'oferta, gratis' } });
    });
    it('matches whole words only', () => {
      expect(warningCodes(withBody('Seu pedido está liberado (freezer incluso).'))).toEqual([]);
    });
  });
});

describe('renderTemplate', () => {
  const components: TemplateComponent[] = [
    { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' },
    { type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} chegou. Obrigado, {{1}}!' },
    { type: 'FOOTER', text: 'Loja Exemplo' },
    buttons(qr('Falar com atendente'), link('https://loja.example.com/p/{{1}}'), phone()),
  ];

  it('fills positional parameters from an array or a record', () => {
    const viaArray = renderTemplate(components, {
      variables: ['Ana', '#42'],
      header: ['#42'],
      buttons: [undefined, '42'],
    });
    expect(viaArray).toEqual({
      header: 'Pedido #42',
      text: 'Olá Ana, seu pedido #42 chegou. Obrigado, Ana!',
      footer: 'Loja Exemplo',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Falar com atendente' },
        { type: 'URL', text: 'Ver pedido', url: 'https://loja.example.com/p/42' },
        { type: 'PHONE_NUMBER', text: 'Ligar', phone_number: '+5511987654321' },
      ],
    });
    expect(renderTemplate(components, { variables: { '1': 'Ana', '2': '#42' } }).text).toBe(viaArray.text);
  });

  it('fills named parameters', () => {
    const rendered = renderTemplate(
      [{ type: 'BODY', text: 'Olá {{customer_name}}, pedido {{ order_id }}.' }],
      {
        variables: { customer_name: 'Ana', order_id: '#42' },
      },
    );
    expect(rendered).toEqual({ text: 'Olá Ana, pedido #42.', buttons: [] });
  });

  it('leaves parameters without a value visible', () => {
    const rendered = renderTemplate(components, { variables: ['Ana'] });
    expect(rendered.text).toBe('Olá Ana, seu pedido {{2}} chegou. Obrigado, Ana!');
    expect(rendered.header).toBe('Pedido {{1}}');
    expect(rendered.buttons[1]?.url).toBe('https://loja.example.com/p/{{1}}');
  });

  it('omits a media header', () => {
    const rendered = renderTemplate([
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Olá' },
    ]);
    expect(rendered).toEqual({ text: 'Olá', buttons: [] });
  });
});
