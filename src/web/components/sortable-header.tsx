import type { ReactNode } from 'react';

type SortableHeaderProps<K extends string> = {
  column: K;
  activeColumn: K;
  order: 'asc' | 'desc';
  onSort(column: K): void;
  align?: 'start' | 'end';
  children: ReactNode;
};

export function SortableHeader<K extends string>({
  column,
  activeColumn,
  order,
  onSort,
  align = 'start',
  children,
}: SortableHeaderProps<K>) {
  const active = column === activeColumn;
  return (
    <th
      scope="col"
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={align === 'end' ? 'cell--numeric' : undefined}
    >
      <button
        type="button"
        className={`sort-button${active ? ' sort-button--active' : ''}`}
        onClick={() => onSort(column)}
      >
        {children}
        <span className="sort-button__arrow" aria-hidden="true">
          {active ? (order === 'asc' ? '↑' : '↓') : '↕'}
        </span>
      </button>
    </th>
  );
}
