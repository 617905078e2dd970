/** CSV for spreadsheets: UTF-8 with a BOM (Excel reads Korean), RFC 4180 quoting, no formulas run. */
const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // A cell starting with = + - @ (or tab, CR) would be run as a formula: it is shown as text.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(header: string[], rows: unknown[][]): string {
  return `\ufeff${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
