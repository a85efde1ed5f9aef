/** Handles for @mentions, derived from a display name: "Amina Diallo" → amina_diallo, amina_diallo2, … */
export function* handleCandidates(displayName: string): Generator<string> {
  const base =
    displayName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 24) || 'member';
  yield base;
  for (let n = 2; n < 1000; n++) yield `${base}${n}`;
}
