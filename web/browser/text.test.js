// The Quran text as a learner sees it, with an Urdu translation: 2:2, 2:7,
// 2:17 and 100:6 (each with an open tanween) in a meaning exercise, large
// screenshots of each (target/screenshots/text-*.png), and checks that the
// text is drawn with Unicode's open-tanween marks, that the served fonts
// loaded, and that Chromium drew every glyph with them (no system fallback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freshDataDir, startServer, openBrowser, SCREENSHOTS } from './helpers.js';
import { forDisplay } from '../../crates/iqrah-server/assets/display.js';

const VERSES = ['2:2', '2:7', '2:17', '100:6'];
const SOURCE_MARKS = /[\u0657\u065E\u0656]/;
const OPEN_TANWEEN = /[\u08F0-\u08F2]/;

/** The fonts Chromium used to draw the text of the first element matching `selector`. */
async function platformFonts(cdp, selector) {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  assert.ok(nodeId, `${selector} is on the page`);
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts;
}

test('verses with open tanween and an Urdu translation are drawn in the served fonts', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: '2026-03-02T07:00:00Z' });
  const browser = await openBrowser({ viewport: { width: 900, height: 900 }, scale: 2 });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  mkdirSync(SCREENSHOTS, { recursive: true });

  // The learner chooses Urdu on the settings page.
  await page.goto(`${server.url}/settings`);
  await page.selectOption('select[name="translation_language"]', 'ur');
  await page.click('#save-settings');
  await page.waitForSelector('#settings-saved');

  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');

  for (const key of VERSES) {
    const [verse] = (await server.api('GET', `/verses/${key}`)).body;
    assert.match(verse.text, SOURCE_MARKS, `${key} has an open tanween in the source`);
    const shown = forDisplay(verse.text);
    assert.match(shown, OPEN_TANWEEN);

    // A session on the one verse: its memorization item (answered through the
    // API), then its meaning item, which shows the whole verse and Urdu.
    const { body: session } = await server.api('POST', '/sessions', { goal_id: `range:${key}-${key}` });
    for (;;) {
      const { body: item } = await server.api('GET', `/sessions/${session.id}/next`);
      assert.ok(item, `${key}: a meaning item`);
      if (item.skill === 'meaning') break;
      const { status } = await server.api('POST', `/sessions/${session.id}/submit`, { node_id: item.node_id, grade: 3, duration_ms: 4000 });
      assert.equal(status, 200);
    }
    await page.goto(`${server.url}/session/${session.id}`);
    await page.waitForFunction(() => document.getElementById('session').dataset.state === 'answering');
    await page.evaluate(() => document.fonts.ready);
    const type = await page.locator('#exercise').getAttribute('data-type');
    assert.ok(['meaning', 'meaning_reverse'].includes(type), type);

    // The verse as displayed: Unicode's marks, never the source's.
    const arabic = await page.locator('#exercise [lang="ar"]').allInnerTexts();
    assert.ok(arabic.some((text) => text.trim() === shown), `${key} is shown whole, as displayed`);
    assert.ok(arabic.every((text) => !SOURCE_MARKS.test(text)), 'no source mark reaches the page');

    // The Urdu text carries its language and direction.
    const urdu = page.locator('#exercise [lang="ur"]');
    assert.ok((await urdu.count()) >= 1, 'Urdu translation on screen');
    assert.equal(await urdu.first().getAttribute('dir'), 'rtl');

    // The served fonts loaded and drew every glyph.
    const loaded = await page.evaluate((text) => ({
      families: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')),
      quran: document.fonts.check('40px "Amiri Quran"', text),
      urdu: document.fonts.check('20px "Noto Nastaliq Urdu"', document.querySelector('#exercise [lang="ur"]').textContent),
    }), shown);
    assert.ok(loaded.families.includes('Amiri Quran'), `Amiri Quran loaded: ${loaded.families}`);
    assert.ok(loaded.families.includes('Noto Nastaliq Urdu'), `Noto Nastaliq Urdu loaded: ${loaded.families}`);
    assert.ok(loaded.quran && loaded.urdu, 'document.fonts.check');
    const verseSelector = type === 'meaning' ? '#exercise p.verse[lang="ar"]' : '#exercise .choice [lang="ar"]';
    const urduSelector = type === 'meaning' ? '#exercise .choice [lang="ur"]' : '#exercise blockquote[lang="ur"]';
    for (const [selector, family] of [[verseSelector, 'Amiri Quran'], [urduSelector, 'Noto Nastaliq Urdu']]) {
      const fonts = await platformFonts(cdp, selector);
      assert.ok(fonts.length > 0, selector);
      for (const font of fonts) {
        assert.ok(font.isCustomFont && font.familyName === family, `${key} ${selector} drawn with ${JSON.stringify(fonts)}, not ${family} alone`);
      }
    }

    await page.locator('#exercise').screenshot({ path: join(SCREENSHOTS, `text-${key.replace(':', '-')}.png`), animations: 'disabled', caret: 'hide' });
  }

  // Chinese: its own stylesheet is linked, and Noto Sans SC draws it.
  await page.goto(`${server.url}/settings`);
  await page.selectOption('select[name="translation_language"]', 'zh');
  await page.click('#save-settings');
  await page.waitForSelector('#settings-saved');
  const { body: session } = await server.api('POST', '/sessions', { goal_id: 'range:1:1-1:1' });
  for (;;) {
    const { body: item } = await server.api('GET', `/sessions/${session.id}/next`);
    assert.ok(item, '1:1: a meaning item');
    if (item.skill === 'meaning') break;
    await server.api('POST', `/sessions/${session.id}/submit`, { node_id: item.node_id, grade: 3, duration_ms: 4000 });
  }
  await page.goto(`${server.url}/session/${session.id}`);
  await page.waitForFunction(() => document.getElementById('session').dataset.state === 'answering');
  await page.evaluate(() => document.fonts.ready);
  assert.equal(await page.locator('link[href="/assets/fonts/noto-sans-sc.css"]').count(), 1);
  const zh = (await page.locator('#exercise [lang="zh"]').count()) > 0;
  assert.ok(zh, 'a Chinese translation on screen');
  const type = await page.locator('#exercise').getAttribute('data-type');
  const fonts = await platformFonts(cdp, type === 'meaning' ? '#exercise .choice [lang="zh"]' : '#exercise blockquote[lang="zh"]');
  assert.ok(fonts.length > 0 && fonts.every((f) => f.isCustomFont && f.familyName.startsWith('Noto Sans SC')), JSON.stringify(fonts));
  await page.locator('#exercise').screenshot({ path: join(SCREENSHOTS, 'text-1-1-zh.png'), animations: 'disabled', caret: 'hide' });
  browser.assertOnlyLocal([server.url]);
});
