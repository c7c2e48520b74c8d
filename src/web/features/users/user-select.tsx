import type { SelectHTMLAttributes } from 'react';
import type { User } from './users.api.js';

type UserSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> & {
  users: User[];
  emptyLabel: string;
};

export function UserSelect({ users, emptyLabel, ...selectProps }: UserSelectProps) {
  return (
    <select {...selectProps}>
      <option value="">{emptyLabel}</option>
      {users.map((user) => (
        <option key={user.id} value={user.id}>
          {user.name || user.email}
        </option>
      ))}
    </select>
  );
}
