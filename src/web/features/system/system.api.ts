import { api } from '../../lib/api.js';
import type { ApiSchema } from '../../lib/api-types.js';

export type StartupStatus = ApiSchema<'StartupStatus'>;

export function fetchStartupStatus(signal?: AbortSignal): Promise<StartupStatus> {
  return api<StartupStatus>('/api/system/status', { signal, skipUnauthorizedHandler: true });
}
