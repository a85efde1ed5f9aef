import type { ApiError, FieldError } from '@praxis/contracts';

/** A REST error in the one shape of SPEC P1, with field errors indexed by field name. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly error: string;
  readonly details: ApiError['details'];
  readonly fieldErrors: Record<string, string[]>;

  constructor(body: ApiError) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.status = body.statusCode;
    this.error = body.error;
    this.details = body.details;
    this.fieldErrors = {};
    if (Array.isArray(body.details)) {
      for (const detail of body.details as FieldError[]) {
        if (detail && typeof detail.field === 'string' && Array.isArray(detail.messages)) {
          this.fieldErrors[detail.field] = [...(this.fieldErrors[detail.field] ?? []), ...detail.messages];
        }
      }
    }
  }

  /** Field errors as one message per field, ready for a form's setErrors. */
  formErrors(fields?: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [field, messages] of Object.entries(this.fieldErrors)) {
      if (!fields || fields.includes(field)) out[field] = messages.join(' ');
    }
    return out;
  }
}

/** Turns a failed response into an ApiRequestError, even when the body is not the error shape. */
export async function errorFromResponse(response: Response): Promise<ApiRequestError> {
  let body: Partial<ApiError> | null = null;
  try {
    body = (await response.json()) as Partial<ApiError>;
  } catch {
    body = null;
  }
  const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
  return new ApiRequestError({
    statusCode: typeof body?.statusCode === 'number' ? body.statusCode : response.status,
    error: typeof body?.error === 'string' ? body.error : response.statusText || 'Error',
    message: typeof message === 'string' && message ? message : `Request failed (${response.status})`,
    details: body?.details,
  });
}

/** The network itself failed (offline, server down): status 0, so callers can tell it apart. */
export function networkError(cause: unknown): ApiRequestError {
  const error = new ApiRequestError({ statusCode: 0, error: 'Network Error', message: 'The server could not be reached.' });
  (error as Error).cause = cause;
  return error;
}
