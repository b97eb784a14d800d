import type { EnsembleEvent } from '../src/shared/ensembleEvents';
import { formatTime } from './charts';

/*
 * The events timeline under the charts, newest first. Each entry is a button: clicking it centres
 * every chart on the event's time. Texts are built from server data and set as text only.
 */

/** At most this many entries are kept (the host sends at most 200 per snapshot). */
const MAX_EVENTS = 300;

export function describeEvent(e: EnsembleEvent): { kind: string; text: string } {
  switch (e.kind) {
    case 'leader-changed':
      return { kind: 'leader', text: `Leader changed: ${e.from ?? 'none'} → ${e.to ?? 'none'}` };
    case 'member-state-changed': {
      const word = e.to === 'up' && e.from !== null && e.from !== 'up' ? 'back' : e.to;
      return {
        kind: word === 'back' ? 'back' : e.to,
        text: `${e.member} ${word}${e.from ? ` (was ${e.from})` : ''}${e.reason ? `: ${e.reason}` : ''}`,
      };
    }
    case 'membership-changed': {
      const parts = [
        e.added.length > 0 ? `added ${e.added.join(', ')}` : '',
        e.removed.length > 0 ? `removed ${e.removed.join(', ')}` : '',
      ];
      return { kind: 'membership', text: `Membership changed: ${parts.filter(Boolean).join('; ')}` };
    }
    case 'member-restarted':
      return { kind: 'restart', text: `${e.member} restarted` };
  }
}

export class Timeline {
  private events: EnsembleEvent[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly onPick: (at: number) => void,
  ) {}

  reset(events: readonly EnsembleEvent[]): void {
    this.events = [];
    this.add(events);
  }

  add(events: readonly EnsembleEvent[]): void {
    const seen = new Set(this.events.map((e) => e.seq));
    for (const e of events) if (!seen.has(e.seq)) this.events.push(e);
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    this.render();
  }

  times(): number[] {
    return this.events.map((e) => e.at);
  }

  private render(): void {
    this.root.replaceChildren();
    if (this.events.length === 0) {
      const none = document.createElement('p');
      none.className = 'empty';
      none.textContent =
        'No events in this range: leader changes, members going down, hanging or coming back, membership changes and restarts appear here.';
      this.root.append(none);
      return;
    }
    const list = document.createElement('ol');
    list.className = 'events';
    for (const e of [...this.events].reverse()) {
      const { kind, text } = describeEvent(e);
      const item = document.createElement('li');
      const entry = document.createElement('button');
      entry.type = 'button';
      entry.className = `event ${kind}`;
      entry.dataset.kind = kind;
      entry.title = 'Centre the charts on this event';
      const time = document.createElement('span');
      time.className = 'time';
      time.textContent = formatTime(e.at);
      const what = document.createElement('span');
      what.className = 'what';
      what.textContent = text;
      entry.append(time, what);
      entry.addEventListener('click', () => this.onPick(e.at));
      item.append(entry);
      list.append(item);
    }
    this.root.append(list);
  }
}
