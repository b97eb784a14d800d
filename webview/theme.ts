/*
 * Colours for the canvas charts, read from the theme's CSS variables (VS Code sets them on the
 * page and swaps them with the theme), so light, dark and high contrast themes all read well.
 */

const MEMBER_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
  '--vscode-terminal-ansiCyan',
  '--vscode-terminal-ansiMagenta',
];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700', '#29b8db', '#bc3fbc'];

export interface ChartTheme {
  readonly foreground: string;
  readonly grid: string;
  readonly members: readonly string[];
  readonly event: string;
  /** Alert severities: thresholds, firing spans. */
  readonly severity: { readonly critical: string; readonly warning: string; readonly info: string };
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const highContrast =
    document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    foreground: cssVar(style, '--vscode-foreground', '#888888'),
    grid: highContrast
      ? cssVar(style, '--vscode-contrastBorder', '#888888')
      : cssVar(style, '--vscode-widget-border', 'rgba(128, 128, 128, 0.25)'),
    members: MEMBER_VARS.map((name, i) => cssVar(style, name, FALLBACK[i]!)),
    event: cssVar(style, '--vscode-editorWarning-foreground', '#cca700'),
    severity: {
      critical: cssVar(style, '--vscode-editorError-foreground', '#f14c4c'),
      warning: cssVar(style, '--vscode-editorWarning-foreground', '#cca700'),
      info: cssVar(style, '--vscode-editorInfo-foreground', '#3794ff'),
    },
  };
}

/** Calls `onChange` when VS Code switches the theme (it changes the body's classes). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
