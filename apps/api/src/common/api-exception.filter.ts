import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { ApiError } from '@praxis/contracts';
import { isDatabaseUnavailable } from '../database/database-errors.js';

/** PostgreSQL error codes that mean the input was wrong, never the server. */
const PG_CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  '23505': { status: HttpStatus.CONFLICT, message: 'This already exists' },
  '23503': { status: HttpStatus.NOT_FOUND, message: 'A referenced record does not exist' },
  '23502': { status: HttpStatus.BAD_REQUEST, message: 'A required value is missing' },
  '23514': { status: HttpStatus.BAD_REQUEST, message: 'A value is not allowed' },
  '22P02': { status: HttpStatus.BAD_REQUEST, message: 'A value has the wrong format' },
  '22001': { status: HttpStatus.BAD_REQUEST, message: 'A value is too long' },
  '22003': { status: HttpStatus.BAD_REQUEST, message: 'A number is out of range' },
  '22007': { status: HttpStatus.BAD_REQUEST, message: 'A date has the wrong format' },
  '22008': { status: HttpStatus.BAD_REQUEST, message: 'A date is out of range' },
};

/** How long a client should wait before retrying while the database is unreachable (a restart takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Errors raised by Express middleware (body parser, multer) carry their own status. */
interface MiddlewareError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  message?: string;
}

function body(statusCode: number, message: string, details?: ApiError['details']): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details ? { details } : {}) };
}

/** Body-parser failures get a message of ours instead of the parser's (which quotes the input). */
function bodyParserError(error: unknown): ApiError | undefined {
  const type = (error as MiddlewareError | undefined)?.type;
  if (type === 'entity.parse.failed') return body(400, 'The request body is not valid JSON');
  if (type === 'entity.too.large') return body(413, 'The request body is too large');
  return undefined;
}

export function toApiError(exception: unknown): ApiError {
  // Nest's Express adapter wraps body-parser errors in an HttpException; the original is its cause.
  const parserError = bodyParserError(exception instanceof HttpException ? exception.cause : exception);
  if (parserError) return parserError;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string') return body(status, response);
    const { message, details } = response as { message?: string | string[]; details?: ApiError['details'] };
    const text = Array.isArray(message) ? message.join('; ') : (message ?? exception.message);
    return body(status, text, details);
  }
  // PostgreSQL restarting or unreachable: nothing was done, the client may retry (a write with its clientId).
  if (isDatabaseUnavailable(exception)) {
    return body(503, 'The service is briefly unavailable; try again in a few seconds', { retryAfter: DATABASE_RETRY_AFTER_SECONDS });
  }
  if (exception instanceof QueryFailedError) {
    const code = (exception.driverError as { code?: string } | undefined)?.code ?? '';
    const known = PG_CLIENT_ERRORS[code];
    if (known) return body(known.status, known.message);
  }
  const middleware = exception as MiddlewareError;
  const status = middleware?.status ?? middleware?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return body(status, middleware.message ?? STATUS_CODES[status] ?? 'Bad request');
  }
  if (middleware?.code === 'LIMIT_FILE_SIZE') return body(413, 'The file is too large');
  if (typeof middleware?.code === 'string' && middleware.code.startsWith('LIMIT_')) {
    return body(400, middleware.message ?? 'The upload is not acceptable');
  }
  return body(500, 'Something went wrong on our side');
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const error = toApiError(exception);
    if (error.statusCode === 503 && !(exception instanceof HttpException)) {
      // One line per refused request while the database is away, without a stack: the cause is known.
      this.logger.warn({ msg: 'database unavailable', err: exception instanceof Error ? exception.message : String(exception), method: request.method, url: request.originalUrl });
    } else if (error.statusCode >= 500) {
      this.logger.error(
        { err: exception, method: request.method, url: request.originalUrl },
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (response.headersSent) return;
    const retryAfter = error.details && (error.details as { retryAfter?: unknown }).retryAfter;
    if ((error.statusCode === 429 || error.statusCode === 503) && typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(error.statusCode).json(error);
  }
}
