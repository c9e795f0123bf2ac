/**
 * Optional requests-per-minute and tokens-per-minute limits of a provider, per process: a
 * sliding one-minute window of what was sent, and a wait before a call that would go past
 * either limit. The clock is injectable so tests need not wait a minute.
 */

export interface RateWindowOptions {
  /** Calls per minute; 0 = no limit. @default 0 */
  rpm: number;
  /** Prompt + completion tokens per minute; 0 = no limit. @default 0 */
  tpm: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const WINDOW_MS = 60_000;

export class RateWindow {
  readonly #calls: number[] = [];
  readonly #tokens: Array<{ at: number; tokens: number }> = [];
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(readonly opts: RateWindowOptions) {
    this.#now = opts.now ?? Date.now;
    this.#sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get enabled(): boolean {
    return this.opts.rpm > 0 || this.opts.tpm > 0;
  }

  #prune(now: number): void {
    while (this.#calls.length && this.#calls[0]! <= now - WINDOW_MS) this.#calls.shift();
    while (this.#tokens.length && this.#tokens[0]!.at <= now - WINDOW_MS) this.#tokens.shift();
  }

  /** How long to wait before the next call may start (0 = now). */
  waitMs(): number {
    const now = this.#now();
    this.#prune(now);
    let wait = 0;
    if (this.opts.rpm > 0 && this.#calls.length >= this.opts.rpm) {
      wait = Math.max(wait, this.#calls[this.#calls.length - this.opts.rpm]! + WINDOW_MS - now);
    }
    if (this.opts.tpm > 0) {
      let used = this.#tokens.reduce((n, t) => n + t.tokens, 0);
      // Wait until enough of the window's tokens age out to get under the limit.
      for (const t of this.#tokens) {
        if (used < this.opts.tpm) break;
        used -= t.tokens;
        wait = Math.max(wait, t.at + WINDOW_MS - now);
      }
    }
    return wait;
  }

  /** Waits until a call may start, then counts it. */
  async admit(): Promise<void> {
    if (!this.enabled) return;
    for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await this.#sleep(wait);
    this.#calls.push(this.#now());
  }

  /** Counts the tokens a finished call used. */
  record(tokens: number): void {
    if (this.opts.tpm > 0 && tokens > 0) this.#tokens.push({ at: this.#now(), tokens });
  }
}
