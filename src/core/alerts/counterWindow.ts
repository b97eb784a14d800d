/**
 * Recent raw readings of a few cumulative counters of one member, for windowed signals: the
 * increase of `sum_x` and `cnt_x` over the last minutes, as Prometheus's `increase()` computes it.
 * A reading lower than the one before is a counter reset (the server restarted): the increase
 * then counts the new value from zero, so a restart neither loses the window nor makes a negative
 * spike. Bounded: readings older than the longest window, and beyond `maxReadings`, are dropped.
 */
export class CounterWindow {
  private readonly times: number[] = [];
  private readonly rows: Float64Array[] = [];
  private readonly index: ReadonlyMap<string, number>;

  constructor(
    readonly keys: readonly string[],
    private readonly spanMs: number,
    private readonly maxReadings = 2048,
  ) {
    this.index = new Map(keys.map((k, i) => [k, i]));
  }

  /** Adds one reading (keys missing from `values` read as NaN: no increase across them). */
  add(timeMs: number, values: Readonly<Record<string, number>>): void {
    const last = this.times.at(-1);
    if (last !== undefined && timeMs <= last) return;
    const row = new Float64Array(this.keys.length);
    this.keys.forEach((k, i) => (row[i] = values[k] ?? Number.NaN));
    this.times.push(timeMs);
    this.rows.push(row);
    let drop = 0;
    while (drop < this.times.length - 1 && (this.times.length - drop > this.maxReadings || this.times[drop + 1]! <= timeMs - this.spanMs))
      drop++;
    if (drop > 0) {
      this.times.splice(0, drop);
      this.rows.splice(0, drop);
    }
  }

  /**
   * How much `key` grew between the reading at or just before `now - windowMs` and the latest,
   * with resets handled, and the seconds that covers; null with fewer than two readings.
   */
  increase(key: string, windowMs: number): { amount: number; seconds: number } | null {
    const k = this.index.get(key);
    const n = this.times.length;
    if (k === undefined || n < 2) return null;
    const from = this.times[n - 1]! - windowMs;
    let start = n - 1;
    while (start > 0 && this.times[start]! > from) start--;
    let amount = 0;
    let seen = false;
    for (let i = start + 1; i < n; i++) {
      const before = this.rows[i - 1]![k]!;
      const after = this.rows[i]![k]!;
      if (after !== after || before !== before) continue;
      amount += after >= before ? after - before : after;
      seen = true;
    }
    return seen ? { amount, seconds: (this.times[n - 1]! - this.times[start]!) / 1000 } : null;
  }

  clear(): void {
    this.times.length = 0;
    this.rows.length = 0;
  }
}
