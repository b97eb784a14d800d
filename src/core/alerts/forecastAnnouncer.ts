import { Forecast } from './types';

/**
 * Decides which forecasts are news: the first of each rule and member, and then only when the
 * likely ETA moved by more than `ratio` (20 % by default) from the one last told. Bounded by
 * rules × members; `forget` drops a member that went away.
 */
export class ForecastAnnouncer {
  private readonly told = new Map<string, number>();

  constructor(private readonly ratio = 0.2) {}

  /** The forecasts worth telling, in order; remembers them as told. */
  news(forecasts: readonly Forecast[]): Forecast[] {
    const out: Forecast[] = [];
    for (const f of forecasts) {
      const key = `${f.rule}\u0000${f.member}`;
      const last = this.told.get(key);
      const eta = f.etaSeconds.likely;
      const moved = last === undefined || (last === 0 ? eta > 0 : Math.abs(eta - last) / last > this.ratio);
      if (!moved) continue;
      this.told.set(key, eta);
      out.push(f);
    }
    return out;
  }

  forget(member: string): void {
    for (const key of [...this.told.keys()]) if (key.endsWith(`\u0000${member}`)) this.told.delete(key);
  }
}
