import type { MouseEvent } from 'react';

/**
 * Makes a whole table row clickable while the real <a> in the row stays the keyboard and
 * screen-reader target. Clicks on controls, links or a text selection are left alone.
 */
export function rowClickHandler(navigateTo: () => void) {
  return (event: MouseEvent<HTMLTableRowElement>) => {
    const target = event.target as HTMLElement;
    if (target.closest('a, button, input, select, textarea, label')) return;
    if (window.getSelection()?.toString()) return;
    navigateTo();
  };
}
