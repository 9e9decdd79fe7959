// Unit tests of the client's display mapping (crates/iqrah-server/assets/display.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forDisplay, OPEN_TANWEEN } from '../../crates/iqrah-server/assets/display.js';

test('the open tanween of 2:2, 2:7, 2:17 and 100:6 is drawn with the Unicode marks', () => {
  assert.equal(forDisplay('هُدٗى'), 'هُد\u08F0ى'); // 2:2 open fathatan
  assert.equal(forDisplay('غِشَٰوَةٞۖ'), 'غِشَٰوَة\u08F1ۖ'); // 2:7 open dammatan
  assert.equal(forDisplay('ظُلُمَٰتٖ'), 'ظُلُمَٰت\u08F2'); // 2:17 open kasratan
  assert.equal(forDisplay('لَكَنُودٞ'), 'لَكَنُود\u08F1'); // 100:6
});

test('everything else is left as it is', () => {
  for (const text of ['', 'عَذَابٌ عَظِيمٌ', 'Guidance', '۞ إِنَّ']) assert.equal(forDisplay(text), text);
  assert.equal(OPEN_TANWEEN.size, 3);
});
