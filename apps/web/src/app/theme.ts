import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// A calm teal-blue: serious enough for justice and police users, with AA contrast on white for
// text and filled buttons at shade 7.
const praxis: MantineColorsTuple = [
  '#e8f4f6', '#d3e6ea', '#a6ccd5', '#76b1bf', '#4f9aac', '#368ca0', '#25839a', '#1f6f84', '#1f4e5f', '#12404f',
];

export const theme = createTheme({
  primaryColor: 'praxis',
  primaryShade: 7,
  colors: { praxis },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  headings: { fontWeight: '650' },
  defaultRadius: 'md',
  focusRing: 'auto',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    // Links inside text must not rely on colour alone (WCAG 1.4.1).
    Anchor: { defaultProps: { underline: 'always' } },
  },
});

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function darken(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const scale = (v: number) => Math.round(v * (1 - amount));
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => scale(v).toString(16).padStart(2, '0')).join('')}`;
}

/** The colour's shade 9, darkened until it reads at 4.5:1 on the colour's light background. */
function readableOn(background: string, text: string): string {
  let colour = text;
  for (let step = 0; step < 20 && contrast(colour, background) < 4.5; step += 1) colour = darken(colour, 0.06);
  return colour;
}

/**
 * Mantine's defaults miss WCAG AA in a few places, which axe reports: "dimmed" text (gray.6,
 * 3.3:1), placeholders, error text (red.6) and the text of light badges and avatars for the
 * warmer colours (orange.9 on orange.1 is 3.7:1). These variables fix them for every colour.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-placeholder': '#6b7279',
    '--mantine-color-error': t.colors.red[9],
  };
  for (const name of Object.keys({ ...DEFAULT_THEME.colors, ...t.colors })) {
    const shades = t.colors[name];
    if (!shades) continue;
    light[`--mantine-color-${name}-light-color`] = readableOn(shades[1], shades[9]);
  }
  return { variables: {}, light, dark: {} };
};
