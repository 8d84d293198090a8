// The workspace's single-key shortcuts. Keys typed into a field stay with the field (Ctrl+Enter there sends, handled by the
// composer); anywhere else a shortcut key goes to the page.
const keys = new Set(['j', 'k', 'r', 'n', 'e', 'm']);

export function listen(page) {
    const onKey = event => {
        const target = event.target;
        const typing = target instanceof HTMLElement
            && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
        if (typing || event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
            return;
        }

        const key = event.key.toLowerCase();
        if (keys.has(key)) {
            event.preventDefault();
            page.invokeMethodAsync('OnShortcut', key);
        } else if (key === 'escape') {
            // Cancels a first E; left to other handlers too (dialogs and menus close on it).
            page.invokeMethodAsync('OnShortcut', key);
        }
    };
    document.addEventListener('keydown', onKey);
    return { dispose: () => document.removeEventListener('keydown', onKey) };
}

export function focus(selector) {
    const element = document.querySelector(selector);
    if (element) {
        element.focus();
    }
}
