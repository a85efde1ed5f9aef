export default async function globalTeardown() {
  await globalThis.praxisTestServer?.stop();
}
