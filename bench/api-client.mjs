// What every bench shares: the hub under test, and JSON calls to its REST API.
export const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');

/** The bench admin's credentials (the first admin of the hub under test); exits with a hint without them. */
export function adminCredentials() {
  const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = process.env;
  if (!email || !password) {
    console.error('Set ADMIN_EMAIL and ADMIN_PASSWORD (the first admin of the hub under test).');
    process.exit(2);
  }
  return { email, password };
}

/** One REST call; throws with the status and body on anything but 2xx. */
export async function call(method, path, token, body) {
  const response = await fetch(`${apiUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Signs the bench admin in and answers an access token. */
export async function signInAdmin() {
  const { accessToken } = await call('POST', '/auth/login', null, adminCredentials());
  return accessToken;
}
