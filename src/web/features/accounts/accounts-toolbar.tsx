import { useEffect, useRef, useState } from 'react';
import { useDebouncedValue } from '../../lib/use-debounced-value.js';
import { useSlashFocus } from '../../lib/use-slash-focus.js';
import { UserSelect } from '../users/user-select.js';
import type { User } from '../users/users.api.js';
import { useStageOptions } from '../journeys/journeys.api.js';
import { RENEWAL_WINDOWS, SEGMENTS } from './account-options.js';
import type { AccountFilters } from './accounts.types.js';

const SEARCH_DEBOUNCE_MS = 250;

type AccountsToolbarProps = {
  filters: AccountFilters;
  users: User[];
  hasActiveFilters: boolean;
  onChange(change: Partial<AccountFilters>, options?: { replace?: boolean }): void;
};

export function AccountsToolbar({ filters, users, hasActiveFilters, onChange }: AccountsToolbarProps) {
  const stages = useStageOptions();
  return (
    <div className="toolbar" role="search">
      <SearchBox value={filters.q} onSearch={(q) => onChange({ q }, { replace: true })} />
      <label className="toolbar__filter">
        <span className="visually-hidden">Segment</span>
        <select value={filters.segment} onChange={(event) => onChange({ segment: event.target.value })}>
          <option value="">All segments</option>
          {SEGMENTS.map((segment) => (
            <option key={segment.value} value={segment.value}>
              {segment.label}
            </option>
          ))}
        </select>
      </label>
      <label className="toolbar__filter">
        <span className="visually-hidden">Owner</span>
        <UserSelect
          users={users}
          emptyLabel="All owners"
          value={filters.ownerId}
          onChange={(event) => onChange({ ownerId: event.target.value })}
        />
      </label>
      <label className="toolbar__filter">
        <span className="visually-hidden">Lifecycle stage</span>
        <select value={filters.lifecycleStage} onChange={(event) => onChange({ lifecycleStage: event.target.value })}>
          <option value="">All stages</option>
          {stages.map((stage) => (
            <option key={stage.value} value={stage.value}>
              {stage.label}
            </option>
          ))}
        </select>
      </label>
      <label className="toolbar__filter">
        <span className="visually-hidden">Renewal</span>
        <select
          value={filters.renewsWithin}
          onChange={(event) => onChange({ renewsWithin: event.target.value as AccountFilters['renewsWithin'] })}
          data-testid="renewal-filter"
        >
          <option value="">Any renewal date</option>
          {RENEWAL_WINDOWS.map((window) => (
            <option key={window.value} value={window.value}>
              {window.label}
            </option>
          ))}
        </select>
      </label>
      <label className="toolbar__filter">
        <span className="visually-hidden">Health</span>
        <select
          value={filters.healthBand}
          onChange={(event) => onChange({ healthBand: event.target.value as AccountFilters['healthBand'] })}
          data-testid="health-filter"
        >
          <option value="">Any health</option>
          <option value="red">Red</option>
          <option value="yellow">Yellow</option>
          <option value="green">Green</option>
        </select>
      </label>
      <label className="toolbar__check">
        <input
          type="checkbox"
          checked={filters.includeChurned !== 'true'}
          onChange={(event) => onChange({ includeChurned: event.target.checked ? '' : 'true' })}
          data-testid="hide-churned"
        />
        Hide churned
      </label>
      {hasActiveFilters ? (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => onChange({ q: '', segment: '', ownerId: '', lifecycleStage: '', renewsWithin: '', healthBand: '' })}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

function SearchBox({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  useSlashFocus(inputRef);

  // Follow the URL when it changes from outside (back button, "Clear filters").
  useEffect(() => setText((current) => (current.trim() === value ? current : value)), [value]);

  useEffect(() => {
    if (debounced.trim() !== value) onSearch(debounced.trim());
    // Only a settled keystroke searches; `value` and `onSearch` changing must not.
  }, [debounced]);

  return (
    <label className="search-box">
      <svg className="search-box__icon" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M20 20l-3.5-3.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span className="visually-hidden">Search accounts</span>
      <input
        ref={inputRef}
        type="search"
        placeholder="Search by name or domain"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          // Enter searches right away instead of waiting for the debounce.
          if (event.key === 'Enter') onSearch(text.trim());
          if (event.key === 'Escape' && text) setText('');
        }}
        aria-keyshortcuts="/"
      />
      <kbd className="search-box__hint" aria-hidden="true">
        /
      </kbd>
    </label>
  );
}
