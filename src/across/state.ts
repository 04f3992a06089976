/**
 * What the state files of the steps across documents (sites, copies, stories) share: the error a
 * file that cannot be loaded throws, reading its JSON, and (copies, stories) the header check: a
 * JSON object with their `format`, a `version` this decruft reads and the `hash` their values were
 * made with. Each step checks its own fields after these.
 */

/** A state file that cannot be loaded: what is wrong with it (`problem`), and whose state it is. */
export class StateError extends Error {
  constructor(
    what: string,
    readonly problem: string,
  ) {
    super(`${what}: ${problem}`);
  }
}

/** A state file's text as JSON; `fail` throws when it is not JSON (a file cut short, most often). */
export function parseStateText(text: string, fail: (problem: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    return fail(`not valid JSON (${(err as Error).message}); is the file complete?`);
  }
}

/** base64 text, as the states store typed arrays. */
export const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What a JSON value is, for a message: `null`, `an array`, or its type. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** A JSON value for a message: a string or number as written, anything else by its kind. */
export function show(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : kindOf(value);
}

/** The header a state file must have. */
export interface StateHeader {
  format: string;
  version: number;
  hash: string;
  /** What the file is, for "this is not a … state file". */
  what: string;
  /** What a foreign hash makes useless, for "its … cannot be compared". */
  hashed: string;
}

/** The state's fields once its header is right; `fail` throws with the first problem found. */
export function checkHeader(value: unknown, header: StateHeader, fail: (problem: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`expected a JSON object, got ${kindOf(value)}`);
  const state = value as Record<string, unknown>;
  if (state['format'] !== header.format) fail(`format: expected "${header.format}", got ${show(state['format'])}; this is not a ${header.what} state file`);
  const version = state['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) fail(`version: expected a whole number, got ${show(version)}`);
  if ((version as number) > header.version) {
    fail(`version ${version as number} is newer than this decruft reads (up to ${header.version}); upgrade decruft to load it`);
  }
  if (state['hash'] !== header.hash) fail(`hash: expected "${header.hash}", got ${show(state['hash'])}; its ${header.hashed} cannot be compared`);
  return state;
}
