import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from './logger.js';

export type LogFormat = 'json' | 'pretty';

/** Readable lines for a person at a terminal; JSON for log collectors, pipes, files, or when asked. */
export function chooseLogFormat(options: { setting: 'auto' | 'json' | 'pretty'; isTty: boolean }): LogFormat {
  if (options.setting !== 'auto') return options.setting;
  return options.isTty ? 'pretty' : 'json';
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields shown in the line itself (a request's message names its method, path, status and time), not repeated as key=value. */
const SHOWN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err', 'reqId', 'method', 'path', 'statusCode', 'responseTime']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@-]*$/.test(value) && value !== '' ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/**
 * One pino JSON record as a line a person reads: `19:42:07 INFO  GET /api/accounts 200 12 ms`,
 * other fields as key=value after it, an error's stack on the lines below. Pure.
 */
export function formatLogLine(record: Record<string, unknown>): string {
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 19) : '--:--:--';
  const level = (LEVEL_NAMES[record.level as number] ?? String(record.level)).padEnd(5);
  const fields = Object.entries(record)
    .filter(([key, value]) => !SHOWN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  const message = [String(record.msg ?? ''), ...fields].filter(Boolean).join(' ');
  const err = record.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? '').split('\n').join('\n    ')}` : '';
  return `${time} ${level} ${message}${stack}\n`;
}

/** A pino destination that writes each record as formatLogLine; a line that is not JSON passes as it is. */
export function prettyDestination(out: { write(text: string): unknown }): DestinationStream {
  return {
    write(line: string) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        out.write(line);
        return;
      }
      out.write(formatLogLine(record as Record<string, unknown>));
    },
  };
}

/** The server's and worker's logger: `LOG_LEVEL`, in the format `BOOMERANG_LOG_FORMAT` and the terminal call for. */
export function createTerminalLogger(config: { logLevel: string; logFormat: 'auto' | 'json' | 'pretty' }): Logger {
  const format = chooseLogFormat({ setting: config.logFormat, isTty: Boolean(process.stdout.isTTY) });
  return createLogger(config.logLevel, format === 'pretty' ? prettyDestination(process.stdout) : undefined);
}
