/** Typing in a field or a dialog must never trigger a page shortcut. */
export function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]') !== null
  );
}

/**
 * A single-letter page shortcut that stays out of the shell's `g` + letter navigation (`g n` opens
 * Channels): a letter pressed within the shell's window after `g` belongs to the shell.
 */
export function pageShortcut(handlers: Record<string, (event: KeyboardEvent) => void>) {
  let lastG = 0;
  return (event: KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented || isTyping(event.target))
      return;
    const key = event.key;
    if (key.toLowerCase() === 'g') {
      lastG = Date.now();
      return;
    }
    if (Date.now() - lastG < 1200) {
      lastG = 0;
      return;
    }
    const handler = handlers[key];
    if (handler) {
      event.preventDefault();
      handler(event);
    }
  };
}
