import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

/** Never logged, wherever they appear in a request or an error. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
];

export function createRootLogger(level: string): Logger {
  return pino({ level, base: { service: 'praxis-api' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

/** Nest's own messages go through the same structured JSON logger as requests. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: unknown) {
    const ctx = typeof context === 'string' ? { context } : {};
    if (typeof message === 'object' && message !== null) this.logger[level]({ ...ctx, ...message });
    else this.logger[level](ctx, String(message));
  }

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    if (typeof message === 'object' && message !== null) this.write('error', { ...message, trace }, context);
    else this.write('error', { msg: String(message), trace }, context);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
}
