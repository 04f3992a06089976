/** Types of scripts/pages-lib.mjs, for test/pages.test.ts (see the module for what each does). */
export interface PageInfo {
  type: string;
  url: string;
  notes: string;
}
export interface Page {
  name: string;
  dir: string;
  info: PageInfo;
  html: string;
  answer: string;
}
export interface WordScore {
  precision: number;
  recall: number;
  f1: number;
}
export declare const PAGES_DIR: string;
export declare const PAGE_TYPES: readonly string[];
export declare const COVERED_TYPES: readonly string[];
export declare const MIN_PAGES_PER_TYPE: number;
export declare const PINNED_KEYS: readonly string[];
export declare const F1_SLACK: number;
export declare function readPages(dir?: string): Page[];
export declare function pinnedOutput(output: Record<string, unknown>): Record<string, unknown>;
export declare function words(text: string): string[];
export declare function wordScore(found: string, truth: string): WordScore;
export declare function f1Floor(f1: number): number;
