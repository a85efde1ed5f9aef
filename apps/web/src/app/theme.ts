import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

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
    Notification: { defaultProps: { radius: 'md' } },
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
  },
});

// Mantine's default "dimmed" grey (gray.6) is 3.3:1 on white: below WCAG AA for body text.
// gray.7 keeps the quiet look at about 7:1; error text goes from red.6 (3.5:1) to red.9 (5.9:1).
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-placeholder': t.colors.gray[6],
    '--mantine-color-error': t.colors.red[9],
  },
  dark: {},
});
