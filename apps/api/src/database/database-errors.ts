/**
 * Whether an error means that PostgreSQL cannot be reached right now (restarting, shutting down,
 * starting up, out of connections, the connection cut), as opposed to a fault of the request or a
 * bug. Such a request did not complete and may be retried: the API answers 503 with Retry-After
 * (common/api-exception.filter.ts), and a write retried with its clientId is stored once.
 *
 * The pool needs no help to heal: node-postgres drops a client whose connection failed (idle ones
 * through the pool's 'error' event, which TypeORM listens to, busy ones when they are released) and
 * opens new ones on demand, so the first request after the server is back gets a fresh connection.
 */

/** SQLSTATEs of a server going away or not there yet (class 08 and the operator interventions of class 57). */
const UNAVAILABLE_SQLSTATES = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '08007', // transaction_resolution_unknown
  '57P01', // admin_shutdown: "terminating connection due to administrator command"
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: "the database system is starting up" / "is shutting down"
  '57P05', // idle_session_timeout
  '53300', // too_many_connections
]);

/** Socket errors while connecting to or talking with the server. */
const UNAVAILABLE_SYSCALL_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * node-postgres and pg-pool raise these as plain Errors without a code; TypeORM raises its
 * "already released" errors when it released a query runner because its connection failed
 * mid-transaction (it listens to the client's 'error' event).
 */
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;
const UNAVAILABLE_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM wraps the driver's error (driverError), Node wraps the attempts of a multi-address
  // connect (AggregateError.errors), Nest and others chain causes: look a few levels deep.
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length && seen < 10; seen++) {
    const e = queue.shift() as ErrorLike | null | undefined;
    if (!e || typeof e !== 'object') continue;
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_SYSCALL_CODES.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
    if (e.constructor?.name && UNAVAILABLE_NAMES.has(e.constructor.name)) return true;
    queue.push(e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return false;
}
