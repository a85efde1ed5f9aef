/** The one error shape every REST error uses (SPEC P1). */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldError[] | Record<string, unknown>;
}

/** A field that failed validation, with every reason it failed. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** Every list endpoint answers with a page and an opaque cursor for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
