/**
 * Printing of benchmark results: a fixed-width table for people and one JSON
 * line per benchmark (prefixed `BENCH_JSON `) for tools.
 *
 * @module
 */

/** A table: header row plus body rows, all strings. */
export interface Table {
  title: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  notes?: readonly string[];
}

/** Renders a table as GitHub-flavoured markdown (also readable in a terminal). */
export function renderTable(table: Table): string {
  const widths = table.header.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ") + " |";
  const sep = "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|";
  const body = [line(table.header), sep, ...table.rows.map(line)];
  const notes = (table.notes ?? []).map((n) => `  ${n}`);
  return [`### ${table.title}`, "", ...body, ...(notes.length > 0 ? ["", ...notes] : [])].join("\n");
}

/** Every table printed in this process, in order (run-all writes them to bench/README.md). */
export const printedTables: string[] = [];

/** Prints a table and its JSON line to stdout. */
export function printResult(name: string, table: Table, json: unknown): void {
  const rendered = renderTable(table);
  printedTables.push(rendered);
  process.stdout.write(rendered + "\n\n");
  process.stdout.write("BENCH_JSON " + JSON.stringify({ bench: name, ...(json as object) }) + "\n\n");
}

/** How many of a row's rounds succeeded, and why the last failed one failed. */
export interface RoundTally {
  name: string;
  succeeded: number;
  run: number;
  lastError: string | undefined;
}

/** A row's label: `label`, plus "(k/n rounds)" when only k of the n rounds run succeeded. */
export function labelWithRounds(label: string, succeeded: number, run: number): string {
  return succeeded < run ? `${label} (${succeeded}/${run} rounds)` : label;
}

/**
 * One note per row with failed rounds ("name: k/n rounds succeeded; last error: …"),
 * so a figure taken from fewer rounds than the title says is never silent.
 */
export function failedRoundsNotes(tallies: readonly RoundTally[]): string[] {
  return tallies
    .filter((t) => t.succeeded < t.run)
    .map((t) => `${t.name}: ${t.succeeded}/${t.run} rounds succeeded; last error: ${t.lastError ?? "unknown"}`);
}

/** Formats a number with `digits` significant decimals, or "n/a". */
export function fmt(value: number | undefined, digits = 2): string {
  if (value === undefined || !Number.isFinite(value)) return "n/a";
  return value.toFixed(digits);
}

/** Formats a large count with thousands separators. */
export function fmtInt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "n/a";
  return Math.round(value).toLocaleString("en-US");
}

/** "1.23× (1.10–1.31)". */
export function fmtRatio(r: { median: number; min: number; max: number } | undefined): string {
  if (r === undefined) return "n/a";
  return `${fmt(r.median)}× (${fmt(r.min)}–${fmt(r.max)})`;
}
