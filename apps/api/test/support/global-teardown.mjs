export default async function globalTeardown() {
  await /** @type {{ praxisTestServer?: { stop(): Promise<void> } }} */ (globalThis).praxisTestServer?.stop();
}
