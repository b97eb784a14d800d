import uPlot from 'uplot';
import { CHARTS, ChartOverlay, ChartSpec, ChartUnit, SERIES_KEYS, SeriesSourceView } from '../src/shared/dashboardProtocol';
import type { SeriesCache } from './chartData';
import { ChartTheme } from './theme';

/*
 * One uPlot chart per metric, every member overlaid in its colour. Cursors are synced across the
 * charts; under each chart a readout shows the time and each member's exact value at the cursor
 * (as text). Event times are drawn as thin vertical marks; alert overlays as a rule's threshold
 * line, its firing spans shaded, and a forecast as a dashed extension of the series to its limit
 * (the chart's time axis then reaches a quarter range past now).
 */

const HEIGHT = 150;
const KEY_INDEX = new Map(SERIES_KEYS.map((k, i) => [k, i]));

export function formatValue(value: number | null | undefined, unit: ChartUnit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const round = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
  switch (unit) {
    case 'ms':
      return `${round(value)} ms`;
    case 'per-second':
      return `${round(value)}/s`;
    case 'ms-per-second':
      return `${round(value)} ms/s`;
    case 'bytes':
      return value >= 1 << 30
        ? `${(value / (1 << 30)).toFixed(2)} GiB`
        : value >= 1 << 20
          ? `${(value / (1 << 20)).toFixed(1)} MiB`
          : value >= 1024
            ? `${(value / 1024).toFixed(1)} KiB`
            : `${value.toFixed(0)} B`;
    case 'count':
      return Number.isInteger(value) ? String(value) : round(value);
  }
}

function axisValue(value: number, unit: ChartUnit): string {
  if (unit === 'bytes') return formatValue(value, unit);
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  return String(Number(value.toFixed(2)));
}

/** Time axis labels: HH:MM, with seconds when ticks are under a minute apart. */
function timeTicks(ticks: number[]): string[] {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const seconds = ticks.length > 1 && ticks[1]! - ticks[0]! < 60_000;
  return ticks.map((t) => {
    const d = new Date(t);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
  });
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

interface Line {
  readonly member: string;
  readonly key: number;
  readonly label: string;
}

interface Chart {
  readonly spec: ChartSpec;
  readonly box: HTMLElement;
  readonly readout: HTMLElement;
  readonly notes: HTMLElement;
  /** Which source the chart shows ("local", "Prometheus host:port"), and what it lacks. */
  readonly source: HTMLElement;
  plot: uPlot | undefined;
  lines: Line[];
}

export class ChartBoard {
  private readonly charts: Chart[] = [];
  private members: string[] = [];
  private hidden = new Set<string>();
  private eventTimes: number[] = [];
  private window: { min: number; max: number } | undefined;
  private overlays = new Map<string, ChartOverlay>();
  private now = Date.now();
  private overlayKey = '';
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(
    root: HTMLElement,
    private theme: ChartTheme,
  ) {
    for (const spec of CHARTS) {
      const box = document.createElement('section');
      box.className = 'chart';
      box.dataset.chart = spec.id;
      const title = document.createElement('h3');
      title.textContent = spec.title;
      const canvas = document.createElement('div');
      canvas.className = 'plot';
      const readout = document.createElement('div');
      readout.className = 'readout';
      const notes = document.createElement('div');
      notes.className = 'chart-notes';
      const source = document.createElement('span');
      source.className = 'chart-source';
      source.textContent = 'local';
      title.append(' ', source);
      box.append(title, notes, canvas, readout);
      root.append(box);
      this.charts.push({ spec, box, readout, notes, source, plot: undefined, lines: [] });
    }
    this.resize.observe(root);
  }

  /** The colour of a member: by its place in the sorted member list, so it is stable. */
  colourOf(member: string): string {
    const i = this.members.indexOf(member);
    return this.theme.members[(i < 0 ? 0 : i) % this.theme.members.length]!;
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    for (const chart of this.charts) this.destroy(chart);
  }

  setHidden(hidden: ReadonlySet<string>): void {
    this.hidden = new Set(hidden);
    for (const chart of this.charts) {
      chart.lines.forEach((line, i) => chart.plot?.setSeries(i + 1, { show: !this.hidden.has(line.member) }));
    }
  }

  setEvents(times: readonly number[]): void {
    this.eventTimes = [...times];
  }

  /** The alerts' overlays, by chart; each chart's note says what it draws (as text). */
  setOverlays(overlays: readonly ChartOverlay[], now: number): void {
    // Open spans end at `now`: redrawn once a second at most, and when the overlays change.
    const key = `${JSON.stringify(overlays)}${Math.floor(now / 1000)}`;
    if (key === this.overlayKey) return;
    this.overlayKey = key;
    this.overlays = new Map(overlays.map((o) => [o.chart, o]));
    this.now = now;
    const clock = (t: number): string => formatTime(t).slice(11);
    for (const chart of this.charts) {
      const o = this.overlays.get(chart.spec.id);
      chart.box.dataset.thresholds = String(o?.thresholds.length ?? 0);
      chart.box.dataset.spans = String(o?.spans.length ?? 0);
      chart.box.dataset.forecasts = String(o?.forecasts.length ?? 0);
      const parts = [
        ...(o?.thresholds ?? []).map((t) => `threshold ${t.label}`),
        ...(o?.spans ?? []).slice(-3).map((sp) => `${sp.rule} firing ${clock(sp.from)}–${sp.to === null ? 'now' : clock(sp.to)}`),
        ...(o?.forecasts ?? []).map((f) => `forecast ${f.label}`),
      ];
      // One note per distinct text: a rule firing on several members at once is said once.
      chart.notes.textContent = [...new Set(parts)].join(' · ');
      chart.plot?.redraw(false);
    }
  }

  /** Says on each chart where its points come from; a chart the source has nothing for says why. */
  setSource(source: SeriesSourceView): void {
    const missing = new Map(source.missing.map((m) => [m.chart, m.why]));
    for (const chart of this.charts) {
      const why = missing.get(chart.spec.id);
      chart.box.dataset.source = source.kind;
      chart.source.textContent = source.kind === 'loading' ? `${source.label}: loading…` : source.label;
      chart.source.title = why ?? (source.stepSeconds ? `a point every ${source.stepSeconds} s` : '');
      if (why !== undefined) chart.source.textContent += ' (no data)';
    }
  }

  /** Shows [min, max] on every chart (an event centred), or follows the data again (undefined). */
  setWindow(window: { min: number; max: number } | undefined): void {
    this.window = window;
    for (const chart of this.charts) if (chart.plot && window) chart.plot.setScale('x', window);
  }

  /** Redraws every chart from the cache; charts are rebuilt only when the member list changed. */
  render(cache: SeriesCache, members: readonly string[], range: { min: number; max: number }): void {
    const sorted = [...members].sort();
    if (sorted.join('\n') !== this.members.join('\n')) {
      this.members = sorted;
      for (const chart of this.charts) this.destroy(chart);
    }
    const axis = cache.axis(this.members);
    for (const chart of this.charts) {
      // A forecast needs room to the right of now for its dashed extension.
      const ahead = this.overlays.get(chart.spec.id)?.forecasts.length ? (range.max - range.min) / 4 : 0;
      const xRange = this.window ?? { min: range.min, max: range.max + ahead };
      const data = cache.align(this.members, chart.lines.length > 0 ? chart.lines : this.linesOf(chart.spec), axis);
      if (!chart.plot) this.create(chart, data);
      else chart.plot.setData(data, false);
      chart.plot!.setScale('x', xRange);
      // Points drawn per member: the e2e test checks that every member has some.
      chart.box.dataset.points = this.members.map((m) => `${m}=${cache.pointCount(m)}`).join(' ');
      chart.box.dataset.last = this.members.map((m) => `${m}=${cache.lastTime(m) ?? 0}`).join(' ');
    }
  }

  private linesOf(spec: ChartSpec): Line[] {
    return this.members.flatMap((member) =>
      spec.lines.map((l) => ({ member, key: KEY_INDEX.get(l.key)!, label: l.label ? `${member} ${l.label}` : member })),
    );
  }

  private create(chart: Chart, data: uPlot.AlignedData): void {
    const { spec } = chart;
    chart.lines = this.linesOf(spec);
    const axis = {
      stroke: this.theme.foreground,
      grid: { stroke: this.theme.grid, width: 1 },
      ticks: { stroke: this.theme.grid, width: 1 },
    };
    const series: uPlot.Series[] = [
      {},
      ...chart.lines.map((line, i) => ({
        label: line.label,
        stroke: this.colourOf(line.member),
        width: 1.5,
        dash: spec.lines[i % spec.lines.length]!.dashed ? [4, 4] : undefined,
        show: !this.hidden.has(line.member),
        spanGaps: false,
        points: { show: false },
      })),
    ];
    const plotBox = chart.box.querySelector<HTMLElement>('.plot')!;
    const options: uPlot.Options = {
      width: Math.max(200, plotBox.clientWidth),
      height: HEIGHT,
      ms: 1,
      series,
      legend: { show: false },
      cursor: { sync: { key: 'zookeeper-dashboard' }, drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: true } },
      axes: [
        { ...axis, values: (_u, ticks) => timeTicks(ticks) },
        { ...axis, size: 56, values: (_u, ticks) => ticks.map((v) => axisValue(v, spec.unit)) },
      ],
      hooks: {
        setCursor: [(u) => this.showReadout(chart, u)],
        draw: [(u) => this.drawEvents(u), (u) => this.drawOverlay(chart, u)],
      },
    };
    chart.plot = new uPlot(options, data, plotBox);
  }

  private showReadout(chart: Chart, u: uPlot): void {
    const idx = u.cursor.idx;
    chart.readout.replaceChildren();
    if (idx === null || idx === undefined) return;
    const x = u.data[0][idx];
    if (x === undefined) return;
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = formatTime(x);
    chart.readout.append(time);
    chart.lines.forEach((line, i) => {
      if (this.hidden.has(line.member)) return;
      const item = document.createElement('span');
      item.className = 'value';
      item.style.borderColor = this.colourOf(line.member);
      item.textContent = `${line.label}: ${formatValue(u.data[i + 1]![idx], chart.spec.unit)}`;
      chart.readout.append(item);
    });
  }

  private drawEvents(u: uPlot): void {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = this.theme.event;
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 3]);
    for (const t of this.eventTimes) {
      const x = Math.round(u.valToPos(t, 'x', true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  }

  /** Firing spans shaded, thresholds as lines (when inside the y range), forecasts dashed to their limit. */
  private drawOverlay(chart: Chart, u: uPlot): void {
    const o = this.overlays.get(chart.spec.id);
    if (!o) return;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    for (const span of o.spans) {
      const x0 = Math.max(left, u.valToPos(span.from, 'x', true));
      const x1 = Math.min(left + width, u.valToPos(span.to ?? this.now, 'x', true));
      if (x1 <= x0) continue;
      ctx.globalAlpha = 0.15;
      ctx.fillStyle = this.theme.severity[span.severity];
      ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
    }
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1;
    const yMin = u.scales['y']?.min ?? 0;
    const yMax = u.scales['y']?.max ?? 0;
    for (const t of o.thresholds) {
      if (t.value < yMin || t.value > yMax) continue;
      const y = Math.round(u.valToPos(t.value, 'y', true));
      ctx.strokeStyle = this.theme.severity[t.severity];
      ctx.setLineDash([6, 3]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
    }
    ctx.setLineDash([3, 3]);
    ctx.lineWidth = 1.5;
    for (const f of o.forecasts) {
      if (this.hidden.has(f.member)) continue;
      ctx.strokeStyle = this.colourOf(f.member);
      ctx.beginPath();
      ctx.moveTo(u.valToPos(f.from.t, 'x', true), u.valToPos(f.from.v, 'y', true));
      ctx.lineTo(u.valToPos(f.to.t, 'x', true), u.valToPos(f.to.v, 'y', true));
      ctx.stroke();
    }
    ctx.restore();
  }

  private fit(): void {
    for (const chart of this.charts) {
      const plotBox = chart.box.querySelector<HTMLElement>('.plot')!;
      if (chart.plot && plotBox.clientWidth > 0) chart.plot.setSize({ width: plotBox.clientWidth, height: HEIGHT });
    }
  }

  private destroy(chart: Chart): void {
    chart.plot?.destroy();
    chart.plot = undefined;
    chart.lines = [];
  }
}
