// What the raw baselines share: a bare node:http server that answers JSON from a handler, prints
// `listening <port>` for the bench and ends its pool on SIGTERM. A handler answers [status, body].
import http from 'node:http';

export function serveJson(pool, handle) {
  const send = (res, status, body) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };
  const server = http.createServer(async (req, res) => {
    try {
      const [status, body] = await handle(new URL(req.url, 'http://x'));
      send(res, status, body);
    } catch (error) {
      send(res, 500, { message: String(error) });
    }
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}
