// The chain grid's look: Quartz, dark, compact density (22 px rows, 4 px padding) so both sides fit a laptop; tabular digits. Built once at module load.
import { colorSchemeDark, themeQuartz } from 'ag-grid-community';

export const chainGridTheme = themeQuartz.withPart(colorSchemeDark).withParams({
  backgroundColor: '#0f141b',
  foregroundColor: '#d7dde5',
  headerBackgroundColor: '#151c25',
  headerTextColor: '#8b98a8',
  headerFontWeight: 600,
  headerFontSize: 10.5,
  headerHeight: 24,
  oddRowBackgroundColor: '#111821',
  rowHeight: 22,
  fontSize: 11.5,
  fontFamily: ['Inter', 'Segoe UI', 'system-ui', 'sans-serif'],
  cellHorizontalPadding: 4,
  borderColor: '#1f2935',
  rowBorder: { color: '#18202a' },
  columnBorder: { color: '#18202a' },
  headerColumnBorder: { color: '#243040' },
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  rowHoverColor: 'rgba(120, 160, 220, 0.10)',
  accentColor: '#4c8dff',
  valueChangeValueHighlightBackgroundColor: 'rgba(96, 150, 255, 0.30)',
});
