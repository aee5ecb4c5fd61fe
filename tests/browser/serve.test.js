// The page of `newssearch serve` in headless Chromium (Debian's chromium,
// driven by playwright-core), as a reporter would use it.  Run by
// tests/serve/browser.sh, which indexes the corpora, starts the servers and
// passes:
//   SEED_URL      a server over corpora/ (28 articles, 27 stories)
//   HOSTILE_URL   a server over hostile articles (markup and script in
//                 titles, bodies, outlets, names and links; a 1 MB title)
//   ARTIFACTS     where the screenshots go
//   CHROMIUM      the browser (default /usr/bin/chromium)
// Prints TAP.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const SEED_URL = process.env.SEED_URL;
const HOSTILE_URL = process.env.HOSTILE_URL;
const ARTIFACTS = process.env.ARTIFACTS || path.join(process.cwd(), 'artifacts');
const WAIT = { timeout: 15000 };

let run = 0;
let failed = 0;
function is(name, expected, actual) {
  run++;
  const ok = JSON.stringify(expected) === JSON.stringify(actual);
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'not ok'} ${run} - ${name}`);
  if (!ok) console.log(`#   expected: ${JSON.stringify(expected)}\n#   actual:   ${JSON.stringify(actual).slice(0, 400)}`);
}
function ok(name, value) {
  is(name, true, Boolean(value));
}

/* Wait for the page to finish the render that the last action started. */
async function ready(page) {
  await page.waitForSelector('body[data-ready]', WAIT);
}
async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, name + '.png'), fullPage: false });
}
const texts = (page, selector) => page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent));
const queryBox = (page) => page.$eval('#q', (n) => n.value);
const summary = (page) => page.textContent('#summary');

async function search(page, q) {
  await page.fill('#q', q);
  await page.press('#q', 'Enter');
  await ready(page);
}

async function seedTests(page) {
  await page.goto(SEED_URL);
  await ready(page);
  is('the page opens on every story', '1–10 of 27 stories (28 articles, copies listed under their story)', await summary(page));

  // A search, and the one story.
  await search(page, 'ceasefire AND Alaska');
  is('ceasefire AND Alaska: one hit', 1, (await page.$$('.hit')).length);
  is('... the Zelenskyy story', ['Zelenskyy meets US and European officials after re-afirming Ukraine would not cede land to Russia'],
    await texts(page, '.hit .title'));
  is('... from ABC News, credited Reuters/AP', 'ABC News · 9 Aug 2025, 09:53 UTC · Reuters/AP', await page.textContent('.hit .meta'));
  is('... its snippet highlights the words', ['ceasefire', 'Alaska'].sort(), [...new Set(await texts(page, '.hit .snippet mark'))].sort());
  is('the query is in the URL', '?q=ceasefire+AND+Alaska', new URL(page.url()).search);
  await shot(page, '1-search');

  // How the query is read.
  await page.click('#explain-toggle');
  await page.waitForSelector('#explain .tree', WAIT);
  is('the parse is explained on request', '(AND word:ceasefire word:alaska)', await page.textContent('#explain .tree'));
  await page.click('#explain-toggle');

  // A facet: filter, exclude, clear; the query box shows the query text.
  await search(page, 'military');
  is('military: four hits', 4, (await page.$$('.hit')).length);
  const perthNow = '.facet[data-field="outlet"][data-value="Perth Now"]';
  await page.click(perthNow);
  await ready(page);
  is('clicking an outlet writes the filter into the query', 'military outlet:"Perth Now"', await queryBox(page));
  is('... and filters', ['Perth Now'], await texts(page, '.hit .meta .outlet'));
  ok('... and the facet shows it is on', await page.$(`${perthNow}.include`));
  await shot(page, '2-facet');
  await page.click(perthNow);
  await ready(page);
  is('clicking it again excludes the outlet', 'military -outlet:"Perth Now"', await queryBox(page));
  is('... three hits, none from it', '1–3 of 3 articles', await summary(page));
  ok('... and the facet shows it is excluded', await page.$(`${perthNow}.exclude`));
  await page.click(perthNow);
  await ready(page);
  is('a third click removes the filter', 'military', await queryBox(page));

  // A person chip filters by person.
  await search(page, 'cartels');
  is('a story shows the people it names', ['Claudia Sheinbaum', 'Marco Rubio', 'Pam Bondi', 'Nicolás Maduro', 'Brian Finucane', 'Donald Trump'],
    await texts(page, '.hit .people .chip'));
  await page.click('.hit .people .chip');
  await ready(page);
  is('a person chip writes the person filter', 'cartels person:"Claudia Sheinbaum"', await queryBox(page));
  is('... and filters on the person', 1, (await page.$$('.hit')).length);

  // The timeline: drag across three days, then click one.
  await page.goto(SEED_URL);
  await ready(page);
  const bars = await page.$$eval('.timeline .bar', (nodes) => nodes.map((n) => n.title));
  is('the timeline has a bar a day, 4 to 9 August', ['2025-08-04', '2025-08-09'],
    [bars[0].split(':')[0], bars[bars.length - 1].split(':')[0]]);
  const counts = bars.map((t) => parseInt(t.split(': ')[1], 10));
  const box = async (i) => (await page.$$('.timeline .bar'))[i].boundingBox();
  const b0 = await box(0), b2 = await box(2);
  await page.mouse.move(b0.x + b0.width / 2, b0.y + b0.height / 2);
  await page.mouse.down();
  await page.mouse.move(b0.x + b0.width, b0.y + b0.height / 2, { steps: 3 });
  await page.mouse.move(b2.x + b2.width / 2, b2.y + b2.height / 2, { steps: 5 });
  await page.mouse.up();
  await ready(page);
  is('dragging across bars sets the date range in the query', 'date:2025-08-04..2025-08-06', await queryBox(page));
  const sum = counts[0] + counts[1] + counts[2];
  ok(`... and finds the articles of those bars (${sum})`, new RegExp(`\\b${sum} articles`).test(await summary(page)));
  await shot(page, '3-timeline');
  const last = await page.$$('.timeline .bar');
  await last[last.length - 1].click();
  await ready(page);
  is('clicking a bar picks its day, replacing the range', 'date:2025-08-06', await queryBox(page));

  // Paging and sorting.
  await page.goto(SEED_URL);
  await ready(page);
  await page.click('#pager a[rel=next]');
  await ready(page);
  is('the next page', '11–20 of 27 stories (28 articles, copies listed under their story)', await summary(page));
  is('... is in the URL', '2', new URL(page.url()).searchParams.get('page'));
  await page.selectOption('#sort', 'newest');
  await ready(page);
  is('sorting by date starts again at page 1', '?sort=newest', new URL(page.url()).search);
  is('... with the newest first', '9 Aug 2025, 10:00 UTC', await page.textContent('.hit time'));

  // A syndicated story lists its other copies, which open.
  await search(page, 'Rotterdam strike');
  const also = await page.$$('.hit .also a');
  is('a syndicated story lists its other copy', 1, also.length);
  const copyTitle = await also[0].getAttribute('title');
  await also[0].click();
  await ready(page);
  is('... which opens', copyTitle, await page.textContent('#article h1'));
  await page.goBack();
  await ready(page);

  // An article: its text with the matches marked, its people and date source.
  await page.goto(SEED_URL + '?q=' + encodeURIComponent('ceasefire AND Alaska'));
  await ready(page);
  await page.click('.hit .title a');
  await ready(page);
  ok('opening an article shows it', await page.isVisible('#article'));
  ok('... instead of the results', !(await page.isVisible('#results')));
  const title = await page.textContent('#article h1');
  is('... its title', 'Zelenskyy meets US and European officials after re-afirming Ukraine would not cede land to Russia', title);
  is('... its text with the matches marked', ['Alaska', 'ceasefire'], [...new Set(await texts(page, '#article .body mark'))].sort());
  const facts = await page.$$eval('#article .facts dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
  is('... its date and where the date came from', '9 Aug 2025, 09:53 UTC (from relative)', facts.Date);
  ok('... its people (or that there are none)', await page.$('#article .people, #article .empty'));
  await shot(page, '4-article');

  // The URL holds the state: reload, back, forward.
  const articleUrl = page.url();
  await page.reload();
  await ready(page);
  is('reloading the article shows the same article', title, await page.textContent('#article h1'));
  is('... at the same URL', articleUrl, page.url());
  await page.goBack();
  await ready(page);
  is('back returns to the results', ['Zelenskyy meets US and European officials after re-afirming Ukraine would not cede land to Russia'],
    await texts(page, '.hit .title'));
  is('... with the query in the box', 'ceasefire AND Alaska', await queryBox(page));
  await page.goForward();
  await ready(page);
  is('forward opens the article again', title, await page.textContent('#article h1'));
  await page.goto(SEED_URL + '?q=' + encodeURIComponent('military -outlet:"Perth Now"') + '&sort=oldest');
  await ready(page);
  is('a shared URL restores query, filters and sort', ['military -outlet:"Perth Now"', 'oldest', '1–3 of 3 articles'],
    [await queryBox(page), await page.$eval('#sort', (n) => n.value), await summary(page)]);
  ok('... and the excluded outlet is shown as excluded', await page.$(`${perthNow}.exclude`));

  // "/" focuses the search box.
  await page.click('#summary');
  await page.keyboard.press('/');
  is('"/" focuses the search box', 'q', await page.evaluate(() => document.activeElement.id));

  // A bad query says what is wrong.
  await search(page, 'ceasefire date:2025-13-45');
  is('a bad query shows the message naming the bad part', 'date:2025-13-45: month 13 is not between 1 and 12', await page.textContent('#error'));
}

async function phoneTests(page) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(SEED_URL + '?q=military');
  await ready(page);
  is('on a phone the page is no wider than the screen', true,
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  is('... and shows the results', 4, (await page.$$('.hit')).length);
  await shot(page, '5-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function hostileTests(page, dialogs) {
  const pwned = () => page.evaluate(() => window.__pwned || null);
  await page.goto(HOSTILE_URL + '?q=hostile');
  await ready(page);
  is('hostile articles are listed', 4, (await page.$$('.hit')).length);
  const titles = await texts(page, '.hit .title');
  ok('... a title of markup shows as text', titles.includes('<img src=x onerror="window.__pwned=\'title\'"> hostile'));
  ok('... a title that closes an attribute shows as text', titles.includes('"><script>window.__pwned=\'title2\'</script> hostile'));
  is('... no image was made from markup', 0, (await page.$$('img')).length);
  is('... no script was made from markup', 1, (await page.$$('script')).length);
  is('... the outlet of markup shows as text', true,
    (await texts(page, '.facet[data-field="outlet"] .name')).includes('<b onmouseover="window.__pwned=\'outlet\'">Evil</b>'));
  for (const node of await page.$$('.facet, .chip')) await node.hover();
  await shot(page, '6-hostile-results');

  for (let i = 0; i < 4; i++) {
    await page.goto(HOSTILE_URL + '?q=hostile');
    await ready(page);
    await (await page.$$('.hit .title a'))[i].click();
    await ready(page);
    ok(`hostile article ${i + 1} opens`, await page.isVisible('#article h1'));
    is(`... its links are http(s) only`, [],
      (await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')))).filter((h) => !/^(\/|https?:\/\/|#)/.test(h)));
    for (const a of await page.$$('#article .facts a')) await a.click({ modifiers: ['Shift'] }).catch(() => {});
    if (i === 0) await shot(page, '7-hostile-article');
  }
  await page.goto(HOSTILE_URL + '?q=hostile+ceasefire&article=astral');
  await ready(page);
  is('highlights after characters beyond the BMP mark the right words', ['hostile', 'hostile', 'ceasefire'],
    await texts(page, '#article mark'));

  const started = Date.now();
  await page.goto(HOSTILE_URL + '?q=hostile&article=hostile-big');
  await ready(page);
  // The indexer keeps 498 bytes of it as the title (src/ingest/reader.c)
  // and puts the rest in the body: the page shows all of it.
  const big = await page.evaluate(() => ({
    title: document.querySelector('#article h1').textContent.length,
    body: document.querySelector('#article .body').textContent.length,
  }));
  is('the 1 MB title: its first 498 characters are the title in the article view', 498, big.title);
  ok('... and the other 1,048,078 are all in the body shown', big.body >= 1048576 - 498);
  console.log(`# the article with the 1 MB title took ${Date.now() - started} ms to show`);

  await page.goto(HOSTILE_URL + '?q=' + encodeURIComponent('<script>window.__pwned="query"</script>'));
  await ready(page);
  is('a query of markup stays text in the box', '<script>window.__pwned="query"</script>', await queryBox(page));
  is('nothing in any of it ran', null, await pwned());
  is('... and no dialog opened', [], dialogs);
}

(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'newssearch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || (await context.newPage());
  const dialogs = [];
  const errors = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await seedTests(page);
    await phoneTests(page);
    await hostileTests(page, dialogs);
    is('no script error on any page', [], errors);
  } catch (e) {
    failed++;
    console.log(`not ok ${++run} - the tests ran to the end`);
    console.log('# ' + String(e.stack || e).split('\n').join('\n# '));
    await shot(page, 'failure').catch(() => {});
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`1..${run}`);
  process.exit(failed ? 1 : 0);
})();
