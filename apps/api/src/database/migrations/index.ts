import { Identity1764370000000 } from './1764370000000-Identity.js';

/** Every migration in the order it runs; new ones are appended. */
export const migrations = [Identity1764370000000];
