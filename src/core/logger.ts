import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; secrets never reach them (config masks the database URL). */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined });
}
