// What the web app's bench commands share: their one numeric argument, the
// build of `iqrah` they measure, and the statistics they print.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../browser/helpers.js';

/** The command's argument NAME, a whole number ≥ 1 (`fallback` when absent); exits with a usage line otherwise. */
export function countArgument(command, name, fallback) {
  const value = Number(process.argv[2] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`usage: node web/bench/${command} [${name}]: ${name} must be a whole number ≥ 1, not ${process.argv[2]}`);
    process.exit(2);
  }
  return value;
}

/** The `iqrah` measured: IQRAH_BINARY, else the release build; exits when it is missing. */
export function measuredBinary() {
  const binary = process.env.IQRAH_BINARY ?? join(ROOT, 'target/release/iqrah');
  if (!existsSync(binary)) {
    console.error(`${binary} is missing: run 'cargo build --release -p iqrah-cli' first (or set IQRAH_BINARY)`);
    process.exit(2);
  }
  return binary;
}

/** The median of `values`. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The `p`-th percentile of `values` (nearest rank). */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
