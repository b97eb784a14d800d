import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTag,
} from '@vscode/webview-ui-toolkit';

/*
 * The ONE module that touches @vscode/webview-ui-toolkit (deprecated by Microsoft; the user chose
 * it). Everything else asks for controls through these functions, so a swap to
 * @vscode-elements/elements changes this file only. Labels are always set as text.
 */

let registered = false;

/** Registers the toolkit's elements once, before the first control is made. */
export function registerControls(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDivider(), vsCodeRadio(), vsCodeRadioGroup(), vsCodeTag());
}

export interface ChoiceOption<T extends string> {
  readonly value: T;
  readonly label: string;
}

export interface Choice<T extends string> {
  readonly element: HTMLElement;
  set(value: T): void;
}

/** A row of mutually exclusive options (the range picker). */
export function choice<T extends string>(
  label: string,
  options: readonly ChoiceOption<T>[],
  value: T,
  onChange: (value: T) => void,
): Choice<T> {
  const group = document.createElement('vscode-radio-group') as HTMLElement & { value: string };
  group.setAttribute('orientation', 'horizontal');
  const title = document.createElement('label');
  title.slot = 'label';
  title.textContent = label;
  group.append(title);
  for (const option of options) {
    const radio = document.createElement('vscode-radio') as HTMLElement & { checked: boolean };
    radio.setAttribute('value', option.value);
    radio.textContent = option.label;
    if (option.value === value) radio.setAttribute('checked', '');
    group.append(radio);
  }
  let current = value;
  group.addEventListener('change', () => {
    const next = options.find((o) => o.value === group.value)?.value;
    if (next === undefined || next === current) return;
    current = next;
    onChange(next);
  });
  return {
    element: group,
    set(next: T) {
      current = next;
      group.value = next;
      for (const radio of group.querySelectorAll('vscode-radio')) {
        (radio as HTMLElement & { checked: boolean }).checked = radio.getAttribute('value') === next;
      }
    },
  };
}

export interface Toggle {
  readonly element: HTMLElement;
  set(on: boolean): void;
}

/** A checkbox; `decorate` may add a child before the label (a legend swatch). */
export function toggle(label: string, on: boolean, onChange: (on: boolean) => void, decorate?: HTMLElement): Toggle {
  const box = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  if (decorate) box.append(decorate);
  box.append(document.createTextNode(label));
  if (on) box.setAttribute('checked', '');
  box.addEventListener('change', () => onChange(box.checked));
  return {
    element: box,
    set(next: boolean) {
      box.checked = next;
    },
  };
}

/** A button; `secondary` for the many small ones (timeline entries). */
export function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = document.createElement('vscode-button');
  if (secondary) b.setAttribute('appearance', 'secondary');
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** A small label (a member's role or state). */
export function tag(text: string): HTMLElement {
  const t = document.createElement('vscode-tag');
  t.textContent = text;
  return t;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}
