/**
 * Copies: records whose cleaned text is nearly the same, such as syndicated wire copy or a page
 * fetched twice. Opt-in, across documents: the one step that compares a record with the ones before it.
 *
 * Recipe: the text is normalised (NFKC, lower case, punctuation dropped) and cut into shingles of
 * `shingleWords` words (characters, in scripts written without spaces); each shingle is hashed once
 * (FNV-1a over its words), and the MinHash signature keeps, for each of `signatureSize` seeded
 * mixes of those hashes, the least. LSH bands (laid out for the threshold, see bandLayout) pick
 * the earlier records worth comparing; each is verified by the share of equal signature values
 * (the estimate of Jaccard), and the best one at or above `threshold` makes the record a copy.
 * Every number is in the settings registry (`copies`).
 *
 * Groups are stars: a copy points to the first record of its group (`dupOf`) and is not held
 * itself, so a chain of small edits cannot walk one story into another. Memory is bounded: the
 * index holds the signatures of the last `windowRecords` records that were no copy, and forgets
 * the oldest first, by record order. Everything is deterministic for a given input order: the
 * hashes are ours (no crypto, no native code), ties go to the earlier record.
 *
 * The state saves to JSON (`toJSON`, format `decruft-copies`, version 1) and loads back
 * (`CopyIndex.parse`, `CopyIndex.fromJSON`), so a run can go on where another stopped.
 */
import { Transform } from 'node:stream';
import { OptionError } from '../options.js';
import { COPY_MODES, type Article, type CopyMode } from '../record.js';
import { resolveSettings, type Settings, type SettingsOption } from '../settings.js';
import { FNV_OFFSET, FNV_PRIME, fnv1a, keyOf, mix32, textOf, tokensOf, hashedWords, type RecordKey } from './text.js';
import { BASE64, checkHeader, kindOf, parseStateText, show, StateError } from './state.js';

export { fnv1a, mix32, tokensOf, type RecordKey };

/** The `copies` area of the settings registry. */
export type CopySettings = Settings['copies'];

export { COPY_MODES, type CopyMode };

/** An earlier record the text is a copy of. */
export interface CopyMatch {
  /** The first record of the group (see RecordKey). */
  dupOf: RecordKey;
  /** Estimated Jaccard similarity of the two texts' shingles, 0 to 1. */
  similarity: number;
}

// ---------------------------------------------------------------------------------------------
// Shingles (words and hashes: see ./text.ts, shared with the stories step)

/** The hashes of the distinct shingles of a text (a shingle: `size` consecutive tokens), from its tokens' hashes (hashedWords). */
export function shingleHashes(tokenHashes: ArrayLike<number>, size: number): Set<number> {
  const out = new Set<number>();
  const width = Math.min(size, tokenHashes.length);
  for (let start = 0; start + width <= tokenHashes.length && width > 0; start++) {
    let h = FNV_OFFSET;
    for (let i = start; i < start + width; i++) h = Math.imul(h ^ tokenHashes[i]!, FNV_PRIME);
    out.add(mix32(h));
  }
  return out;
}

/** The seeds of the MinHash functions, one per signature value: fixed, so signatures keep across runs. */
const seedCache = new Map<number, Uint32Array>();
function seedsOf(size: number): Uint32Array {
  let seeds = seedCache.get(size);
  if (!seeds) {
    seeds = new Uint32Array(size);
    for (let i = 0; i < size; i++) seeds[i] = mix32(Math.imul(i + 1, 0x9e3779b9));
    seedCache.set(size, seeds);
  }
  return seeds;
}

/**
 * The MinHash signature of a set of shingle hashes: for each seed, the least of `mix32(hash ^ seed)`
 * over the set. mix32 is a bijection, so each seed orders the 32-bit hashes in its own way, and two
 * sets agree on a value with probability equal to their Jaccard similarity.
 */
export function minHash(shingles: ReadonlySet<number>, size: number): Uint32Array {
  const seeds = seedsOf(size);
  const signature = new Uint32Array(size).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < size; i++) {
      const v = mix32(shingle ^ seeds[i]!);
      if (v < signature[i]!) signature[i] = v;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity: the share of positions where two signatures agree. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 0;
}

/** A text's signature, or null when it has fewer than `minWords` tokens (it is never grouped). */
export function signatureOf(text: string, settings: CopySettings): Uint32Array | null {
  const { hashes } = hashedWords(text);
  if (hashes.length < settings.minWords || hashes.length === 0) return null;
  return minHash(shingleHashes(hashes, settings.shingleWords), settings.signatureSize);
}

/** How a signature is cut into LSH bands: `bands` bands of `rows` values each (the rest unused). */
export interface BandLayout {
  bands: number;
  rows: number;
}

/**
 * The band layout for a threshold: as many rows per band as keep the chance that a pair at the
 * threshold shares at least one whole band, 1 - (1 - t^rows)^bands, at `lshRecall` or more, with
 * as many bands as the signature holds. More rows make bands stricter, so pairs well below the
 * threshold are compared less often: with 128 values, t = 0.8 gives 21 × 6, t = 0.5 gives 42 × 3.
 */
export function bandLayout(settings: CopySettings): BandLayout {
  const { threshold, signatureSize, lshRecall } = settings;
  let best: BandLayout = { bands: signatureSize, rows: 1 };
  for (let rows = 2; rows <= signatureSize; rows++) {
    const bands = Math.floor(signatureSize / rows);
    if (1 - (1 - threshold ** rows) ** bands < lshRecall) break;
    best = { bands, rows };
  }
  return best;
}

/** The key of each band of a signature: its values hashed together, with the band number. */
function bandKeys(signature: Uint32Array, layout: BandLayout): Uint32Array {
  const keys = new Uint32Array(layout.bands);
  for (let b = 0; b < layout.bands; b++) {
    let h = Math.imul(FNV_OFFSET ^ b, FNV_PRIME);
    for (let r = b * layout.rows; r < (b + 1) * layout.rows; r++) h = Math.imul(h ^ signature[r]!, FNV_PRIME);
    // 30 bits: V8 keeps such numbers unboxed (small integers) as Map keys, where a full 32-bit key
    // is a heap number of its own; a bucket only proposes candidates, each verified on the signature
    keys[b] = mix32(h) & BAND_KEY_MASK;
  }
  return keys;
}

/** Bits kept of a band's hash (see bandKeys): 2^30 buckets a band are plenty for the window. */
const BAND_KEY_MASK = 0x3fffffff;

/** Checks the `copies` settings the registry cannot check alone; throws a TypeError naming the setting. */
export function checkCopySettings(settings: CopySettings): void {
  const bad = (key: string, expected: string, got: number) => new TypeError(`settings.copies.${key}: expected ${expected}, got ${got}`);
  if (settings.threshold > 1) throw bad('threshold', 'a share from 0 to 1', settings.threshold);
  if (settings.lshRecall <= 0 || settings.lshRecall >= 1) throw bad('lshRecall', 'a share above 0 and below 1', settings.lshRecall);
  if (settings.shingleWords < 1) throw bad('shingleWords', 'at least 1', settings.shingleWords);
  if (settings.signatureSize < 1) throw bad('signatureSize', 'at least 1', settings.signatureSize);
  if (settings.windowRecords < 1) throw bad('windowRecords', 'at least 1', settings.windowRecords);
}

// ---------------------------------------------------------------------------------------------
// The index

/** A state file (CopyIndex.toJSON): what it holds, in order. */
export interface CopyState {
  format: 'decruft-copies';
  version: 1;
  /** The hashes the signatures were made with; another name cannot be compared. */
  hash: typeof HASH_NAME;
  shingleWords: number;
  signatureSize: number;
  /** Records seen so far, copies and skipped ones included: positions go on from here. */
  seen: number;
  /** The held records, oldest first; `signature` is its values as little-endian uint32, base64. */
  entries: Array<{ seq: number; key: RecordKey; signature: string }>;
}

export const COPY_STATE_FORMAT = 'decruft-copies';
export const COPY_STATE_VERSION = 1;
const HASH_NAME = 'fnv1a32-mix32';

/** A state file that cannot be loaded: what is wrong with it. */
export class CopyStateError extends StateError {
  override name = 'CopyStateError';
  constructor(problem: string) {
    super('copies state', problem);
  }
}

/**
 * The records seen so far, as signatures in LSH buckets: a bounded, saveable memory for finding
 * copies. `observe` each record in order; a record that is no copy is held, and the oldest held
 * one leaves once `windowRecords` are.
 */
export class CopyIndex {
  readonly settings: CopySettings;
  /** How signatures are cut into bands (see bandLayout). */
  readonly layout: BandLayout;
  private count = 0;
  /**
   * The held records live in a ring of typed arrays, oldest first from `head`: their signatures,
   * band keys, positions and names, and per band a chain through the records whose key falls in
   * the same bucket (`heads` → `next`). Measured against one object and Map entry a record: 2 KB a
   * record held and the garbage of every record forgotten (RSS 400 MB for a window of 50,000),
   * against the arrays' 0.6 KB and none. The ring grows by doubling up to `windowRecords`.
   */
  private capacity = 0;
  private head = 0;
  private length = 0;
  private signatures = new Uint32Array(0);
  private bandKeys = new Uint32Array(0);
  private seqs = new Float64Array(0);
  private keys: RecordKey[] = [];
  /** Per slot and band, the next slot in the same bucket's chain (-1: none). */
  private next = new Int32Array(0);
  /** Per band and bucket, the first slot of its chain (-1: none); `bucketMask + 1` buckets a band. */
  private heads = new Int32Array(0);
  private bucketMask = 0;
  /** Per slot, the query that last took it as a candidate (see bestMatch), so each is compared once. */
  private stamps = new Uint32Array(0);
  private stamp = 0;

  constructor(overrides: SettingsOption['settings'] = undefined) {
    this.settings = resolveSettings(overrides).copies;
    checkCopySettings(this.settings);
    this.layout = bandLayout(this.settings);
  }

  /** Records held now (at most `windowRecords`). */
  get size(): number {
    return this.length;
  }

  /** Records observed so far, including those carried in from a loaded state. */
  get seen(): number {
    return this.count;
  }

  /**
   * Takes the next record: its text (null for a record that cannot be grouped, which only counts)
   * and what to call it (absent: its position). Returns the earlier record it is a copy of, or null;
   * a record that is no copy and has enough text is held.
   */
  observe(text: string | null, key?: RecordKey): CopyMatch | null {
    const seq = ++this.count;
    const signature = text === null ? null : signatureOf(text, this.settings);
    if (!signature) return null;
    const bands = bandKeys(signature, this.layout);
    const match = this.bestMatch(signature, bands);
    if (!match) this.hold(seq, key ?? seq, signature, bands);
    return match;
  }

  /** The held record most like `signature` at or above the threshold; ties go to the earlier one. */
  private bestMatch(signature: Uint32Array, bands: Uint32Array): CopyMatch | null {
    if (this.length === 0) return null;
    const stamp = (this.stamp = (this.stamp + 1) >>> 0 || 1);
    const size = signature.length;
    let best = -1;
    let bestSimilarity = -1;
    for (let b = 0; b < bands.length; b++) {
      for (let slot = this.heads[b * (this.bucketMask + 1) + (bands[b]! & this.bucketMask)]!; slot !== -1; slot = this.next[slot * bands.length + b]!) {
        if (this.bandKeys[slot * bands.length + b] !== bands[b] || this.stamps[slot] === stamp) continue;
        this.stamps[slot] = stamp;
        const similarity = estimateJaccard(signature, this.signatures.subarray(slot * size, slot * size + size));
        if (similarity > bestSimilarity || (similarity === bestSimilarity && this.seqs[slot]! < this.seqs[best]!)) {
          best = slot;
          bestSimilarity = similarity;
        }
      }
    }
    if (best < 0 || bestSimilarity < this.settings.threshold) return null;
    return { dupOf: this.keys[best]!, similarity: bestSimilarity };
  }

  private hold(seq: number, key: RecordKey, signature: Uint32Array, bands: Uint32Array): void {
    if (this.length === this.settings.windowRecords) this.forgetOldest();
    if (this.length === this.capacity) this.grow();
    const slot = (this.head + this.length) % this.capacity;
    this.length++;
    this.signatures.set(signature, slot * signature.length);
    this.bandKeys.set(bands, slot * bands.length);
    this.seqs[slot] = seq;
    this.keys[slot] = key;
    this.link(slot);
  }

  /** Puts a slot at the head of its chain in every band. */
  private link(slot: number): void {
    const bands = this.layout.bands;
    for (let b = 0; b < bands; b++) {
      const bucket = b * (this.bucketMask + 1) + (this.bandKeys[slot * bands + b]! & this.bucketMask);
      this.next[slot * bands + b] = this.heads[bucket]!;
      this.heads[bucket] = slot;
    }
  }

  /** Drops the record held longest: it leaves every chain, and its slot is free. */
  private forgetOldest(): void {
    const slot = this.head;
    const bands = this.layout.bands;
    for (let b = 0; b < bands; b++) {
      const bucket = b * (this.bucketMask + 1) + (this.bandKeys[slot * bands + b]! & this.bucketMask);
      let at = this.heads[bucket]!;
      if (at === slot) {
        this.heads[bucket] = this.next[slot * bands + b]!;
        continue;
      }
      while (at !== -1 && this.next[at * bands + b] !== slot) at = this.next[at * bands + b]!;
      if (at !== -1) this.next[at * bands + b] = this.next[slot * bands + b]!;
    }
    this.keys[slot] = 0; // the name is the one thing held outside the arrays
    this.head = (this.head + 1) % this.capacity;
    this.length--;
  }

  /** Twice the room (at most the window), the records moved to the front in order and linked again. */
  private grow(): void {
    const { bands } = this.layout;
    const size = this.settings.signatureSize;
    const capacity = Math.min(Math.max(1024, this.capacity * 2), this.settings.windowRecords);
    const order = Array.from({ length: this.length }, (_, i) => (this.head + i) % this.capacity);
    const signatures = new Uint32Array(capacity * size);
    const bandKeys = new Uint32Array(capacity * bands);
    const seqs = new Float64Array(capacity);
    const keys: RecordKey[] = new Array<RecordKey>(capacity).fill(0);
    order.forEach((from, to) => {
      signatures.set(this.signatures.subarray(from * size, from * size + size), to * size);
      bandKeys.set(this.bandKeys.subarray(from * bands, from * bands + bands), to * bands);
      seqs[to] = this.seqs[from]!;
      keys[to] = this.keys[from]!;
    });
    this.capacity = capacity;
    this.head = 0;
    this.signatures = signatures;
    this.bandKeys = bandKeys;
    this.seqs = seqs;
    this.keys = keys;
    // about two buckets a record in each band: chains stay short
    let buckets = 1;
    while (buckets < capacity * 2) buckets *= 2;
    this.bucketMask = buckets - 1;
    this.heads = new Int32Array(bands * buckets).fill(-1);
    this.next = new Int32Array(capacity * bands).fill(-1);
    this.stamps = new Uint32Array(capacity);
    for (let slot = 0; slot < this.length; slot++) this.link(slot);
  }

  /** The state as a JSON-ready object (see CopyState); `JSON.stringify(index)` saves it. */
  toJSON(): CopyState {
    const size = this.settings.signatureSize;
    const entries = Array.from({ length: this.length }, (_, i) => {
      const slot = (this.head + i) % this.capacity;
      return { seq: this.seqs[slot]!, key: this.keys[slot]!, signature: encodeSignature(this.signatures.subarray(slot * size, slot * size + size)) };
    });
    const { shingleWords, signatureSize } = this.settings;
    return { format: COPY_STATE_FORMAT, version: COPY_STATE_VERSION, hash: HASH_NAME, shingleWords, signatureSize, seen: this.count, entries };
  }

  /** An index from a saved state's text; a corrupt or foreign file throws a CopyStateError naming the problem. */
  static parse(text: string, overrides?: SettingsOption['settings']): CopyIndex {
    const value = parseStateText(text, (problem) => {
      throw new CopyStateError(problem);
    });
    return CopyIndex.fromJSON(value, overrides);
  }

  /**
   * An index from a saved state (toJSON's object), with `overrides` for the settings: the shingle
   * size and signature size must be those it was saved with; a smaller window forgets the oldest.
   */
  static fromJSON(value: unknown, overrides?: SettingsOption['settings']): CopyIndex {
    const index = new CopyIndex(overrides);
    const state = checkState(value, index.settings);
    index.count = state.seen;
    for (const e of state.entries) {
      const signature = decodeSignature(e.signature);
      index.hold(e.seq, e.key, signature, bandKeys(signature, index.layout));
    }
    return index;
  }
}

function encodeSignature(signature: Uint32Array): string {
  const bytes = Buffer.alloc(signature.length * 4);
  signature.forEach((v, i) => bytes.writeUInt32LE(v, i * 4));
  return bytes.toString('base64');
}

function decodeSignature(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  const signature = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < signature.length; i++) signature[i] = bytes.readUInt32LE(i * 4);
  return signature;
}

/** The state, checked field by field: the first problem found is thrown, naming the field. */
function checkState(value: unknown, settings: CopySettings): CopyState {
  const fail = (problem: string): never => {
    throw new CopyStateError(problem);
  };
  const state = checkHeader(value, { format: COPY_STATE_FORMAT, version: COPY_STATE_VERSION, hash: HASH_NAME, what: 'copies', hashed: 'signatures' }, fail);
  for (const key of ['shingleWords', 'signatureSize'] as const) {
    if (state[key] !== settings[key]) {
      fail(`${key}: saved with ${show(state[key])}, these settings have ${settings[key]} (settings.copies.${key}); its signatures cannot be compared`);
    }
  }
  const seen = state['seen'];
  if (typeof seen !== 'number' || !Number.isInteger(seen) || seen < 0) fail(`seen: expected a whole number, 0 or more, got ${show(seen)}`);
  const entries = state['entries'];
  if (!Array.isArray(entries)) fail(`entries: expected an array, got ${kindOf(entries)}`);
  const chars = Math.ceil((settings.signatureSize * 4) / 3) * 4;
  let last = 0;
  (entries as unknown[]).forEach((entry, i) => {
    const e = entry as Record<string, unknown> | null;
    const at = `entries[${i}]`;
    if (typeof e !== 'object' || e === null) fail(`${at}: expected an object, got ${kindOf(e)}`);
    const seq = e!['seq'];
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq <= last || seq > (seen as number)) {
      fail(`${at}.seq: expected a whole number above the one before (${last}) and at most seen (${seen as number}), got ${show(seq)}`);
    }
    last = seq as number;
    const key = e!['key'];
    if (typeof key !== 'string' && typeof key !== 'number') fail(`${at}.key: expected a string or a number, got ${kindOf(key)}`);
    const signature = e!['signature'];
    if (typeof signature !== 'string' || signature.length !== chars || !BASE64.test(signature)) {
      fail(
        `${at}.signature: expected ${chars} base64 characters (${settings.signatureSize} values), got ${typeof signature === 'string' ? `${signature.length} characters` : kindOf(signature)}`,
      );
    }
  });
  return state as unknown as CopyState;
}

// ---------------------------------------------------------------------------------------------
// The step

export interface CopiesOptions extends SettingsOption {
  /** `mark` (default): later copies get `dupOf` and `similarity`; `drop`: they become a stub `{id, dupOf, similarity}`. */
  mode?: CopyMode;
  /** Shorthand for `settings.copies.threshold`. */
  threshold?: number;
  /**
   * The index to look records up in and add them to: pass one to save its state after the run
   * (`JSON.stringify(index)`) or to go on from a loaded one (`CopyIndex.parse`). Absent: a fresh one.
   */
  index?: CopyIndex;
}

/**
 * Looks one cleaned record up in `index` and marks it when it is a copy of an earlier one (`copy`:
 * dupOf, similarity rounded to 3 decimals, and `stub` in drop mode). Failed records are never grouped.
 */
export function markCopy(article: Article, index: CopyIndex, mode: CopyMode = 'mark'): Article {
  const match = index.observe(textOf(article), keyOf(article));
  if (match) article.copy = { dupOf: match.dupOf, similarity: Math.round(match.similarity * 1000) / 1000, stub: mode === 'drop' };
  return article;
}

/** The index a copies step uses: the one given (checked against the threshold), else a new one. */
function indexFor(options: CopiesOptions): CopyIndex {
  const mode = options.mode ?? 'mark';
  if (!COPY_MODES.includes(mode)) throw new OptionError('mode', `one of ${COPY_MODES.join(', ')}`, mode);
  const { threshold } = options;
  if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) {
    throw new OptionError('threshold', 'a number from 0 to 1', threshold);
  }
  if (options.index) {
    if (threshold !== undefined && threshold !== options.index.settings.threshold) {
      throw new OptionError('threshold', `the threshold of the index given (${options.index.settings.threshold}), or none`, threshold);
    }
    return options.index;
  }
  const overrides = threshold === undefined ? options.settings : { ...options.settings, copies: { ...options.settings?.copies, threshold } };
  return new CopyIndex(overrides);
}

/**
 * Transform: cleaned records → the same records, later copies of an earlier one marked (`dupOf`,
 * `similarity`) or, with `mode: 'drop'`, written as a stub `{id, dupOf, similarity}` in their
 * place: one record out for one in, in order. Options are checked here, not on the first record.
 */
export function copiesTransform(options: CopiesOptions = {}): Transform {
  const index = indexFor(options);
  const mode = options.mode ?? 'mark';
  return new Transform({
    objectMode: true,
    transform(chunk: unknown, _encoding, done) {
      const a = chunk as Article | null;
      if (typeof a !== 'object' || a === null || !Array.isArray(a.blocks) || typeof a.fields !== 'object') {
        done(new TypeError(`copies: expected a decruft record (see createArticle), got ${typeof chunk}`));
        return;
      }
      done(null, markCopy(a, index, mode));
    },
  });
}
