// The verse text as it is drawn: the client's copy of iqrah_quran::display.
// The source writes the open tanween with code points Unicode gives other
// meanings; they are shown as Unicode's open-tanween marks. Only what is
// drawn changes: answers, comparisons and requests keep the source text.
// A Rust test (crates/iqrah-server/tests/display_table.rs) checks that this
// table is the Rust one.

/** Source code point -> the mark displayed for it. */
export const OPEN_TANWEEN = new Map([
  ['\u0657', '\u08F0'], // open fathatan
  ['\u065E', '\u08F1'], // open dammatan
  ['\u0656', '\u08F2'], // open kasratan
]);

const SOURCE_MARKS = new RegExp(`[${[...OPEN_TANWEEN.keys()].join('')}]`, 'g');

/** The text with the open-tanween marks in Unicode's encoding. */
export function forDisplay(text) {
  return String(text).replace(SOURCE_MARKS, (c) => OPEN_TANWEEN.get(c));
}
