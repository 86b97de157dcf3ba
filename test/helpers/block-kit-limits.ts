// The one Block Kit limit checker of the tests: checks a message (or an App Home view) against
// Slack's published limits, failing with the path of the first offending field. Used on every
// message the tests see, digests included, so a limit cannot be broken by one path while another is
// tested. The figures are Slack's, written out here, never read from our source: the Block Kit
// reference pages (docs.slack.dev/reference/block-kit/blocks: 50 blocks a message and 100 in a
// modal or Home tab; section text 3000 and fields 10 × 2000; header 150; context 10 elements;
// actions 25 elements; block_id 255; docs.slack.dev/reference/block-kit/block-elements/button-element:
// text 75, value 2000, action_id 255) and chat.postMessage (top-level `text` cut at 40,000).
// Slack publishes no figure for a message's total block text, only the `msg_blocks_too_long` error,
// seen around 13,000 characters (/work/shared/slack/README.md): the checker holds messages to 12,000.

export const LIMITS = Object.freeze({
  blocksPerMessage: 50,
  /** Modals and the App Home allow twice as many blocks as a message. */
  blocksPerView: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  topLevelText: 40_000,
  /** Unpublished: `msg_blocks_too_long` has been seen around 13k characters of block text; stay clearly below. */
  totalBlockText: 12_000,
  /** Modals: title, submit and close text; private_metadata; input labels and hints. */
  modalTitle: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  /** Static selects: options per select, an option's text and value. */
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  radioOptions: 10,
  plainTextInputMax: 3000,
});

type Json = Record<string, any>;

function fail(path: string, problem: string): never {
  throw new Error(`Block Kit limit broken at ${path}: ${problem}`);
}

function checkTextObject(text: unknown, path: string, max: number, types: string[] = ['plain_text', 'mrkdwn']): number {
  if (!text || typeof text !== 'object') fail(path, 'missing text object');
  const { type, text: value } = text as Json;
  if (!types.includes(type)) fail(path, `type ${JSON.stringify(type)} is not one of ${types.join(', ')}`);
  if (typeof value !== 'string' || value.length < 1) fail(path, 'text must be a non-empty string');
  if (value.length > max) fail(path, `text is ${value.length} characters, limit ${max}`);
  return value.length;
}

function checkButton(element: Json, path: string, actionIds: Set<string>): number {
  const length = checkTextObject(element.text, `${path}.text`, LIMITS.buttonText, ['plain_text']);
  if (typeof element.action_id !== 'string' || element.action_id.length > LIMITS.actionId) fail(`${path}.action_id`, `missing or over ${LIMITS.actionId}`);
  if (actionIds.has(element.action_id)) fail(`${path}.action_id`, `duplicate action_id ${element.action_id}`);
  actionIds.add(element.action_id);
  if (element.value !== undefined && (typeof element.value !== 'string' || element.value.length > LIMITS.buttonValue)) {
    fail(`${path}.value`, `value is ${String(element.value).length} characters, limit ${LIMITS.buttonValue}`);
  }
  return length;
}

function checkOption(option: Json, path: string): void {
  checkTextObject(option?.text, `${path}.text`, LIMITS.optionText, ['plain_text']);
  if (option.description !== undefined) checkTextObject(option.description, `${path}.description`, LIMITS.optionText, ['plain_text']);
  if (typeof option.value !== 'string' || option.value.length < 1 || option.value.length > LIMITS.optionValue) fail(`${path}.value`, `missing or over ${LIMITS.optionValue}`);
}

/** An input block's element as we build them: multi/static select, text input, radio buttons. */
function checkInputElement(element: Json, path: string, actionIds: Set<string>): void {
  if (typeof element?.action_id !== 'string' || element.action_id.length > LIMITS.actionId) fail(`${path}.action_id`, `missing or over ${LIMITS.actionId}`);
  if (actionIds.has(element.action_id)) fail(`${path}.action_id`, `duplicate action_id ${element.action_id}`);
  actionIds.add(element.action_id);
  const values = (options: Json[]) => new Set(options.map((o) => o.value));
  switch (element.type) {
    case 'multi_static_select':
    case 'static_select': {
      if (!Array.isArray(element.options) || element.options.length < 1 || element.options.length > LIMITS.selectOptions) fail(`${path}.options`, `needs 1–${LIMITS.selectOptions}`);
      element.options.forEach((o: Json, i: number) => checkOption(o, `${path}.options[${i}]`));
      if (values(element.options).size !== element.options.length) fail(`${path}.options`, 'duplicate option values');
      for (const [i, o] of (element.initial_options ?? []).entries()) {
        if (!element.options.some((opt: Json) => JSON.stringify(opt) === JSON.stringify(o))) fail(`${path}.initial_options[${i}]`, 'not one of the options, exactly');
      }
      if (element.placeholder) checkTextObject(element.placeholder, `${path}.placeholder`, 150, ['plain_text']);
      break;
    }
    case 'plain_text_input': {
      const max = element.max_length ?? LIMITS.plainTextInputMax;
      if (max > LIMITS.plainTextInputMax) fail(`${path}.max_length`, `over ${LIMITS.plainTextInputMax}`);
      if (element.initial_value !== undefined && (typeof element.initial_value !== 'string' || element.initial_value.length > max)) fail(`${path}.initial_value`, `over max_length ${max}`);
      if (element.placeholder) checkTextObject(element.placeholder, `${path}.placeholder`, 150, ['plain_text']);
      break;
    }
    case 'radio_buttons': {
      if (!Array.isArray(element.options) || element.options.length < 1 || element.options.length > LIMITS.radioOptions) fail(`${path}.options`, `needs 1–${LIMITS.radioOptions}`);
      element.options.forEach((o: Json, i: number) => checkOption(o, `${path}.options[${i}]`));
      if (element.initial_option && !element.options.some((o: Json) => JSON.stringify(o) === JSON.stringify(element.initial_option))) {
        fail(`${path}.initial_option`, 'not one of the options, exactly');
      }
      break;
    }
    default:
      fail(path, `input element type ${JSON.stringify(element?.type)} is not checked by this helper; add its limits first`);
  }
}

/** The styles Slack's rich-text `text` elements take (`@slack/types` RichTextStyleable). */
const RICH_TEXT_STYLES = new Set(['bold', 'italic', 'strike', 'code', 'underline']);

/**
 * A rich_text block as we build it: sections of non-empty `text` elements with known styles only,
 * at most `sectionText` characters in all (Slack documents no own limit; we hold it to a section's).
 */
function checkRichText(block: Json, path: string): number {
  if (!Array.isArray(block.elements) || block.elements.length < 1) fail(`${path}.elements`, 'rich_text needs elements');
  let length = 0;
  block.elements.forEach((section: Json, i: number) => {
    const at = `${path}.elements[${i}]`;
    if (section.type !== 'rich_text_section') fail(at, `unchecked rich text element ${JSON.stringify(section.type)}`);
    if (!Array.isArray(section.elements) || section.elements.length < 1) fail(`${at}.elements`, 'a section needs elements');
    section.elements.forEach((element: Json, j: number) => {
      const where = `${at}.elements[${j}]`;
      if (element.type !== 'text') fail(where, `element type ${JSON.stringify(element.type)} (only text is checked, and only text can fire no mention)`);
      if (typeof element.text !== 'string' || element.text.length < 1) fail(`${where}.text`, 'text must be a non-empty string');
      for (const key of Object.keys(element)) if (!['type', 'text', 'style'].includes(key)) fail(where, `unknown field ${key}`);
      for (const [style, on] of Object.entries(element.style ?? {})) {
        if (!RICH_TEXT_STYLES.has(style) || typeof on !== 'boolean') fail(`${where}.style`, `unknown style ${style}`);
      }
      length += element.text.length;
    });
  });
  if (length > LIMITS.sectionText) fail(path, `rich text is ${length} characters, limit ${LIMITS.sectionText}`);
  return length;
}

/** The plain text of each rich_text block in a message (its text elements joined). */
export function richTexts(message: { blocks?: unknown }): string[] {
  const blocks = (Array.isArray(message.blocks) ? message.blocks : []) as Json[];
  return blocks
    .filter((block) => block.type === 'rich_text')
    .map((block) => (block.elements as Json[]).flatMap((section) => section.elements as Json[]).map((element) => String(element.text ?? '')).join(''));
}

/** The bold runs of each rich_text block, in order. */
export function boldRuns(message: { blocks?: unknown }): string[][] {
  const blocks = (Array.isArray(message.blocks) ? message.blocks : []) as Json[];
  return blocks
    .filter((block) => block.type === 'rich_text')
    .map((block) =>
      (block.elements as Json[])
        .flatMap((section) => section.elements as Json[])
        .filter((element) => element.style?.bold === true)
        .map((element) => String(element.text)),
    );
}

/**
 * Throws unless `message` satisfies Slack's limits: ≤ 50 blocks, section text ≤ 3000, fields
 * ≤ 10 × 2000, header ≤ 150, context ≤ 10 elements, button text/value/action_id ≤ 75/2000/255,
 * non-empty text objects, a top-level `text` fallback ≤ 40,000, total block text ≤ 12,000.
 * `surface: 'home'` checks an App Home view instead: `type: 'home'`, ≤ 100 blocks, no top-level
 * text and no message-size limit, the per-block limits the same. `surface: 'modal'` checks a modal
 * view: `type: 'modal'`, title/submit/close ≤ 24, private_metadata ≤ 3000, ≤ 100 blocks, and its
 * input blocks (labels, hints, selects, text inputs, radio buttons).
 */
export function assertBlockKitLimits(message: { text?: unknown; blocks?: unknown; type?: unknown }, options: { surface?: 'message' | 'home' | 'modal' } = {}): void {
  const { text, blocks } = message as Json;
  const view = message as Json;
  const home = options.surface === 'home' || options.surface === 'modal';
  if (options.surface === 'modal') {
    if (view.type !== 'modal') fail('type', `a modal must have type "modal", got ${JSON.stringify(view.type)}`);
    checkTextObject(view.title, 'title', LIMITS.modalTitle, ['plain_text']);
    if (view.submit) checkTextObject(view.submit, 'submit', LIMITS.modalTitle, ['plain_text']);
    if (view.close) checkTextObject(view.close, 'close', LIMITS.modalTitle, ['plain_text']);
    if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMITS.privateMetadata) fail('private_metadata', `over ${LIMITS.privateMetadata}`);
  } else if (home) {
    if (view.type !== 'home') fail('type', `an App Home view must have type "home", got ${JSON.stringify(view.type)}`);
  } else {
    if (typeof text !== 'string' || text.trim().length === 0) fail('text', 'top-level text fallback is missing');
    if (text.length > LIMITS.topLevelText) fail('text', `is ${text.length} characters, limit ${LIMITS.topLevelText}`);
  }
  const maxBlocks = home ? LIMITS.blocksPerView : LIMITS.blocksPerMessage;
  if (!Array.isArray(blocks) || blocks.length === 0) fail('blocks', 'missing or empty');
  if (blocks.length > maxBlocks) fail('blocks', `${blocks.length} blocks, limit ${maxBlocks}`);
  let total = 0;
  const actionIds = new Set<string>();
  blocks.forEach((block: Json, i: number) => {
    const path = `blocks[${i}]`;
    if (block.block_id !== undefined && String(block.block_id).length > LIMITS.blockId) fail(`${path}.block_id`, 'too long');
    switch (block.type) {
      case 'section': {
        if (!block.text && !block.fields) fail(path, 'section needs text or fields');
        if (block.text) total += checkTextObject(block.text, `${path}.text`, LIMITS.sectionText);
        if (block.fields) {
          if (!Array.isArray(block.fields) || block.fields.length > LIMITS.sectionFields) fail(`${path}.fields`, `over ${LIMITS.sectionFields}`);
          block.fields.forEach((field: unknown, j: number) => (total += checkTextObject(field, `${path}.fields[${j}]`, LIMITS.sectionFieldText)));
        }
        if (block.accessory?.type === 'button') total += checkButton(block.accessory, `${path}.accessory`, actionIds);
        break;
      }
      case 'header':
        total += checkTextObject(block.text, `${path}.text`, LIMITS.headerText, ['plain_text']);
        break;
      case 'context': {
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > LIMITS.contextElements) {
          fail(`${path}.elements`, `needs 1–${LIMITS.contextElements} elements`);
        }
        block.elements.forEach((el: Json, j: number) => {
          if (el.type === 'image') return;
          total += checkTextObject(el, `${path}.elements[${j}]`, LIMITS.sectionText);
        });
        break;
      }
      case 'actions': {
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > LIMITS.actionsElements) {
          fail(`${path}.elements`, `needs 1–${LIMITS.actionsElements} elements`);
        }
        block.elements.forEach((el: Json, j: number) => {
          if (el.type !== 'button') fail(`${path}.elements[${j}]`, `unchecked element type ${el.type}`);
          total += checkButton(el, `${path}.elements[${j}]`, actionIds);
        });
        break;
      }
      case 'rich_text':
        total += checkRichText(block, path);
        break;
      case 'input':
        if (options.surface !== 'modal') fail(path, 'input blocks belong in modals');
        checkTextObject(block.label, `${path}.label`, LIMITS.inputLabel, ['plain_text']);
        if (block.hint) checkTextObject(block.hint, `${path}.hint`, LIMITS.inputHint, ['plain_text']);
        checkInputElement(block.element, `${path}.element`, actionIds);
        break;
      case 'divider':
        break;
      default:
        fail(path, `block type ${JSON.stringify(block.type)} is not checked by this helper; add its limits first`);
    }
  });
  if (!home && total > LIMITS.totalBlockText) fail('blocks', `${total} characters of text in all, keep under ${LIMITS.totalBlockText}`);
}

/** Every mrkdwn string in a message (top-level text, section and context mrkdwn). */
export function mrkdwnTexts(message: { text?: unknown; blocks?: unknown }): string[] {
  const out: string[] = [];
  if (typeof message.text === 'string') out.push(message.text);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const object = node as Json;
    if (object.type === 'mrkdwn' && typeof object.text === 'string') out.push(object.text);
    for (const value of Object.values(object)) visit(value);
  };
  visit(message.blocks);
  return out;
}

/**
 * Throws if any mrkdwn in the message could fire a mention or hide a link: every `<` must open
 * the one allowed `<@USER>` mention (if any) or a link to one of `channels` (`<#C0123>`, which
 * notifies nobody), and every `&` must start an entity we produced.
 * Also requires `verbatim: true` on mrkdwn text objects, so Slack does no automatic linking.
 */
export function assertNoInjectedMarkup(message: { text?: unknown; blocks?: unknown }, allowedMention?: string, channels: readonly string[] = []): void {
  for (const text of mrkdwnTexts(message)) {
    let stripped = allowedMention ? text.split(`<@${allowedMention}>`).join('') : text;
    for (const channel of channels) stripped = stripped.split(`<#${channel}>`).join('');
    if (stripped.includes('<')) fail('mrkdwn', `contains raw "<": ${JSON.stringify(text.slice(0, 200))}`);
    if (/&(?!amp;|lt;|gt;)/.test(stripped)) fail('mrkdwn', `contains an unescaped "&": ${JSON.stringify(text.slice(0, 200))}`);
  }
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${path}[${i}]`));
    if (!node || typeof node !== 'object') return;
    const object = node as Json;
    if (object.type === 'mrkdwn' && object.verbatim !== true) fail(path, 'mrkdwn text object without verbatim: true');
    for (const [key, value] of Object.entries(object)) visit(value, `${path}.${key}`);
  };
  visit(message.blocks, 'blocks');
}
