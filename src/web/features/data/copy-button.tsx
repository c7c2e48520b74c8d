import { useState } from 'react';

/** Copies to the clipboard and says so for a moment; screen readers hear it through the live region. */
export function CopyButton({ text, label, autoFocus = false }: { text: string; label: string; autoFocus?: boolean }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2000);
  }

  return (
    <button type="button" className="button button--small" onClick={copy} aria-label={label} autoFocus={autoFocus}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : 'Copy'}</span>
    </button>
  );
}

/** A block of text to paste elsewhere (a command, a code sample), with its copy button. */
export function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <div className="field">
      <div className="snippet__header">
        <span className="field__label">{title}</span>
        <CopyButton text={text} label={`Copy: ${title}`} />
      </div>
      <pre className="snippet">{text}</pre>
    </div>
  );
}
