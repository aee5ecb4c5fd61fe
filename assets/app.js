/* The newssearch page: plain JavaScript, no framework, nothing from
 * another host.
 *
 * - The URL holds the whole state (?q=&sort=&page=&article=), so a search
 *   can be bookmarked, shared and reloaded, and the back button works.
 * - Filters are query text: clicking a facet or the timeline edits the
 *   query box, so what the page does is what the command line would do.
 * - Article text goes into the page as text nodes only (never innerHTML),
 *   and links are made only from http(s) addresses.
 */
'use strict';

(function () {
  const PAGE_SIZE = 10;
  const FACETS = [['outlet', 'Outlet'], ['person', 'People'], ['credit', 'Credit']];
  const FACET_SHOWN = 10;
  const FACET_MAX = 60;
  /* The timeline is the search's histogram (histogram=day|month); false
   * draws it from the exact day/month facets instead, as before the
   * histogram existed. */
  const TIMELINE_FROM_HISTOGRAM = true;
  const MAX_DAY_BARS = 400;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  const $ = (id) => document.getElementById(id);
  let generation = 0;   /* answers to an older render are dropped */

  /* ---- building the page, safely ---- */

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'href') node.setAttribute('href', safeHref(v));
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /* Our own paths, or http(s) addresses; anything else (javascript:,
   * data:, ...) is no link. */
  function safeHref(href) {
    const s = String(href);
    if (s.startsWith('/') && !s.startsWith('//')) return s;
    if (/^https?:\/\//i.test(s)) return s;
    return '#';
  }

  /* Text with the [start, length] spans (in code points) marked. */
  function highlighted(text, spans) {
    const frag = document.createDocumentFragment();
    if (!spans || spans.length === 0) {
      frag.append(text);
      return frag;
    }
    /* Spans count code points; JavaScript strings count UTF-16 units, the
     * same thing unless the text has characters beyond the BMP. */
    const units = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : null;
    const length = units ? units.length : text.length;
    const slice = (a, b) => (units ? units.slice(a, b).join('') : text.slice(a, b));
    let at = 0;
    for (const [start, len] of spans) {
      if (start < at || start + len > length) continue;
      if (start > at) frag.append(slice(at, start));
      frag.append(el('mark', {}, slice(start, start + len)));
      at = start + len;
    }
    if (at < length) frag.append(slice(at, length));
    return frag;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function formatDate(iso) {
    if (!iso) return '';
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
    if (!m) return iso;
    return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}, ${m[4]}:${m[5]} UTC`;
  }

  function plural(n, word) {
    return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  }

  /* ---- state in the URL ---- */

  function readState() {
    const p = new URLSearchParams(location.search);
    const sort = p.get('sort');
    return {
      q: p.get('q') || '',
      sort: ['newest', 'oldest'].includes(sort) ? sort : 'relevance',
      page: Math.max(1, parseInt(p.get('page'), 10) || 1),
      article: p.get('article') || '',
    };
  }

  function stateUrl(s) {
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
    if (s.page > 1) p.set('page', String(s.page));
    if (s.article) p.set('article', s.article);
    const qs = p.toString();
    return '/' + (qs ? '?' + qs : '');
  }

  function go(changes) {
    const next = Object.assign(readState(), changes);
    history.pushState(null, '', stateUrl(next));
    render();
  }

  /* ---- the API ---- */

  async function api(path, params) {
    const qs = new URLSearchParams(params || []).toString();
    const res = await fetch('/api/' + path + (qs ? '?' + qs : ''), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const err = new Error((body && body.message) || `${res.status} ${res.statusText}`);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  /* ---- filters as query text ---- */

  function quoteValue(value) {
    const v = String(value).replace(/"/g, ' ').replace(/\s+/g, ' ').trim();
    return /^[A-Za-z0-9-]+$/.test(v) ? v : `"${v}"`;
  }

  function filterText(field, value) {
    return `${field}:${quoteValue(value)}`;
  }

  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  /* 'include', 'exclude' or '' for a filter's text in the query. */
  function filterState(q, text) {
    const re = new RegExp(`(^|\\s)(-?)${escapeRegExp(text)}(?=\\s|$)`);
    const m = re.exec(q);
    return m ? (m[2] ? 'exclude' : 'include') : '';
  }

  function removeFilter(q, text) {
    const re = new RegExp(`(^|\\s)-?${escapeRegExp(text)}(?=\\s|$)`, 'g');
    return q.replace(re, ' ').replace(/\s+/g, ' ').trim();
  }

  /* Not filtered -> filtered -> excluded -> not filtered. */
  function toggleFilter(q, field, value) {
    const text = filterText(field, value);
    const state = filterState(q, text);
    const rest = removeFilter(q, text);
    if (state === '') return (rest + ' ' + text).trim();
    if (state === 'include') return (rest + ' -' + text).trim();
    return rest;
  }

  /* The filters of one field written in the query, with their state. */
  function filtersInQuery(q, field) {
    const re = new RegExp(`(?:^|\\s)(-?)${field}:("[^"]*"|[^\\s()]+)`, 'g');
    const out = [];
    let m;
    while ((m = re.exec(q)) !== null)
      out.push({ value: m[2].replace(/^"|"$/g, ''), state: m[1] ? 'exclude' : 'include' });
    return out;
  }

  const DATE_RE = /(^|\s)date:[^\s()]+/g;

  function setDate(q, text) {
    const rest = q.replace(DATE_RE, ' ').replace(/\s+/g, ' ').trim();
    return text ? (rest + ' date:' + text).trim() : rest;
  }

  /* The date range the query asks for, as [first, last] day strings, or
   * null: it decides whether the timeline shows days or months. */
  function dateSpan(q) {
    const m = /(?:^|\s)date:([0-9-]*)(?:\.\.([0-9-]*))?(?=\s|$)/.exec(q);
    if (!m) return null;
    const first = m[1], last = m[2] === undefined ? m[1] : m[2];
    if (!first || !last) return null;
    const start = new Date(first.length === 4 ? first + '-01-01' : first.length === 7 ? first + '-01' : first);
    let end;
    if (last.length === 4) end = new Date(Date.UTC(+last + 1, 0, 1) - 864e5);
    else if (last.length === 7) end = new Date(Date.UTC(+last.slice(0, 4), +last.slice(5, 7), 1) - 864e5);
    else end = new Date(last);
    if (isNaN(start) || isNaN(end)) return null;
    return (end - start) / 864e5 + 1;
  }

  /* ---- the timeline ---- */

  function timelineBuckets(resp, unit) {
    if (resp.histogram) return resp.histogram.map((b) => ({ bucket: b.bucket, count: b.count }));
    const values = (resp.facets && resp.facets[unit]) || [];
    return values.map((v) => ({ bucket: v.value, count: v.count }))
      .sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
  }

  function timelineParams(unit) {
    return TIMELINE_FROM_HISTOGRAM ? [['histogram', unit]] : [['facet', unit]];
  }

  function nextBucket(bucket) {
    if (bucket.length === 7) {
      let y = +bucket.slice(0, 4), m = +bucket.slice(5, 7) + 1;
      if (m > 12) { m = 1; y++; }
      return `${y}-${String(m).padStart(2, '0')}`;
    }
    const d = new Date(bucket + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  /* Every bucket from the first to the last, empty ones included, so
   * that the axis is time. */
  function continuous(buckets) {
    if (buckets.length < 2) return buckets;
    const counts = new Map(buckets.map((b) => [b.bucket, b.count]));
    const out = [];
    const last = buckets[buckets.length - 1].bucket;
    for (let b = buckets[0].bucket; out.length < 5000; b = nextBucket(b)) {
      out.push({ bucket: b, count: counts.get(b) || 0 });
      if (b >= last) break;
    }
    return out;
  }

  function drawTimeline(buckets, unit) {
    const box = clear($('timeline'));
    if (buckets.length === 0) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    const bars = continuous(buckets);
    const max = Math.max(1, ...bars.map((b) => b.count));
    const row = el('div', { class: 'bars', role: 'group',
      'aria-label': `Articles by ${unit}: click a bar or drag across bars to choose dates` });
    bars.forEach((b, i) => {
      const bar = el('div', { class: 'bar', 'data-i': i, 'data-bucket': b.bucket,
        title: `${b.bucket}: ${plural(b.count, 'article')}` });
      const fill = el('div', { class: 'fill' });
      fill.style.height = (b.count ? Math.max(4, (100 * b.count) / max) : 0) + '%';
      bar.append(fill);
      row.append(bar);
    });
    /* Bars no wider than 4rem: a few buckets make a narrow chart, with
     * the axis under its own ends. */
    const chart = el('div', { class: 'chart' });
    chart.style.maxWidth = `${Math.max(16, bars.length * 4)}rem`;
    box.append(chart);
    chart.append(row,
      el('div', { class: 'axis' },
        el('span', {}, bars[0].bucket),
        el('span', { class: 'hint' }, `by ${unit}; click or drag to choose dates`),
        el('span', {}, bars[bars.length - 1].bucket)));

    let from = null;
    /* The bar at (or nearest to) x, so that a drag past either end
     * stops at the end bar. */
    const indexAt = (x) => {
      const nodes = row.querySelectorAll('.bar');
      let best = 0, bestDistance = Infinity;
      nodes.forEach((node, i) => {
        const r = node.getBoundingClientRect();
        const d = x < r.left ? r.left - x : x > r.right ? x - r.right : 0;
        if (d < bestDistance) { best = i; bestDistance = d; }
      });
      return best;
    };
    const mark = (a, b) => {
      const lo = Math.min(a, b), hi = Math.max(a, b);
      row.querySelectorAll('.bar').forEach((node, i) => node.classList.toggle('selected', i >= lo && i <= hi));
    };
    row.addEventListener('pointerdown', (e) => {
      from = indexAt(e.clientX);
      row.setPointerCapture(e.pointerId);
      mark(from, from);
      e.preventDefault();
    });
    row.addEventListener('pointermove', (e) => {
      if (from !== null) mark(from, indexAt(e.clientX));
    });
    row.addEventListener('pointerup', (e) => {
      if (from === null) return;
      const to = indexAt(e.clientX);
      const lo = bars[Math.min(from, to)].bucket, hi = bars[Math.max(from, to)].bucket;
      from = null;
      const q = setDate($('q').value, lo === hi ? lo : `${lo}..${hi}`);
      go({ q, page: 1, article: '' });
    });
    row.addEventListener('pointercancel', () => { from = null; mark(-1, -1); });
  }

  /* ---- facets ---- */

  function drawFacets(resp, q) {
    const box = clear($('facets'));
    for (const [field, label] of FACETS) {
      const counted = (resp.facets && resp.facets[field]) || [];
      const written = filtersInQuery(q, field);
      const shown = new Set();
      const list = el('ul', { class: 'facet-values' });
      const item = (value, count, extra) => {
        const state = filterState(q, filterText(field, value));
        const verb = state === '' ? 'Show only' : state === 'include' ? 'Exclude' : 'Stop excluding';
        list.append(el('li', { class: extra || '' },
          el('button', {
            type: 'button', class: `facet ${state}`, 'data-field': field, 'data-value': value,
            'aria-pressed': state ? 'true' : 'false', title: `${verb} ${field}:${value}`,
            onclick: () => go({ q: toggleFilter($('q').value, field, value), page: 1, article: '' }),
          }, el('span', { class: 'name' }, value), count === null ? null : el('span', { class: 'count' }, count.toLocaleString('en')))));
        shown.add(value);
      };
      for (const w of written) item(w.value, null, 'written');
      counted.slice(0, FACET_MAX).forEach((v, i) => {
        if (!shown.has(v.value)) item(v.value, v.count, i >= FACET_SHOWN ? 'more' : '');
      });
      const group = el('details', { class: 'facet-group', open: !matchMedia('(max-width: 720px)').matches, 'data-field': field },
        el('summary', {}, label, el('span', { class: 'count' }, counted.length ? String(counted.length) : '')),
        counted.length || written.length ? list : el('p', { class: 'empty' }, 'none'));
      if (counted.length > FACET_SHOWN) {
        group.append(el('button', { type: 'button', class: 'link more-toggle',
          onclick: (e) => { group.classList.toggle('all'); e.target.textContent = group.classList.contains('all') ? 'fewer' : 'more'; } }, 'more'));
      }
      box.append(group);
    }
  }

  /* ---- results ---- */

  function meta(a) {
    const parts = [];
    if (a.outlet) parts.push(el('span', { class: 'outlet' }, a.outlet));
    if (a.date) parts.push(el('time', { datetime: a.date }, formatDate(a.date)));
    if (a.credit) parts.push(el('span', { class: 'credit' }, a.credit));
    const out = [];
    parts.forEach((p, i) => { if (i) out.push(' · '); out.push(p); });
    return out;
  }

  function peopleChips(people, q) {
    if (!people || people.length === 0) return null;
    return el('ul', { class: 'people', 'aria-label': 'People' }, people.map((name) =>
      el('li', {}, el('button', {
        type: 'button', class: `chip ${filterState(q, filterText('person', name))}`,
        title: `Filter on person:"${name}"`,
        onclick: () => go({ q: toggleFilter($('q').value, 'person', name), page: 1, article: '' }),
      }, name))));
  }

  /* The other copies of the story (other outlets that ran it). */
  function alsoIn(also, state) {
    if (!Array.isArray(also) || also.length === 0) return null;
    return el('p', { class: 'also' }, 'Also in: ', also.map((copy, i) => {
      const label = copy.outlet || copy.title || copy.id;
      const link = articleLink(copy.id, state, label);
      link.title = copy.title || '';
      return i ? [', ', link] : [link];
    }));
  }

  function articleLink(id, state, content) {
    return el('a', {
      href: stateUrl(Object.assign({}, state, { article: id })), 'data-article': id,
      onclick: (e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        go({ article: id });
      },
    }, content);
  }

  function drawResults(resp, state) {
    const list = clear($('results'));
    list.start = resp.offset + 1;
    for (const h of resp.hits) {
      list.append(el('li', { class: 'hit', 'data-id': h.id },
        el('h2', { class: 'title' }, articleLink(h.id, state, h.title || '(no title)')),
        el('div', { class: 'meta' }, meta(h)),
        el('p', { class: 'snippet' }, highlighted(h.snippet || '', h.highlights)),
        peopleChips(h.people, state.q),
        alsoIn(h.also, state)));
    }
    /* Hits are stories: copies of one story are listed under it, so the
     * pages count stories and the articles are said apart. */
    const stories = resp.stories === undefined ? resp.total : resp.stories;
    const first = stories ? resp.offset + 1 : 0;
    const last = resp.offset + resp.hits.length;
    const range = `${first.toLocaleString('en')}–${last.toLocaleString('en')}`;
    $('summary').textContent = !resp.total ? 'No articles match.'
      : stories === resp.total ? `${range} of ${plural(resp.total, 'article')}`
        : `${range} of ${stories.toLocaleString('en')} ${stories === 1 ? 'story' : 'stories'} (${plural(resp.total, 'article')}, copies listed under their story)`;

    const pager = clear($('pager'));
    const pages = Math.ceil(stories / PAGE_SIZE);
    if (pages > 1) {
      const link = (page, label, rel) => el('a', {
        href: stateUrl(Object.assign({}, state, { page })), rel,
        onclick: (e) => { e.preventDefault(); go({ page }); window.scrollTo(0, 0); },
      }, label);
      if (state.page > 1) pager.append(link(state.page - 1, '← Previous page', 'prev'));
      pager.append(el('span', { class: 'page' }, `page ${state.page} of ${pages.toLocaleString('en')}`));
      if (state.page < pages) pager.append(link(state.page + 1, 'Next page →', 'next'));
    }
  }

  function showNotes(notes) {
    const box = $('notes');
    box.hidden = !notes || notes.length === 0;
    clear(box);
    if (!box.hidden) box.append('Note: ', notes.join('; '));
  }

  function showError(message) {
    const box = $('error');
    box.hidden = !message;
    box.textContent = message || '';
  }

  /* ---- the article view ---- */

  async function drawArticle(state, gen) {
    const box = $('article');
    const params = state.q.trim() ? [['q', state.q]] : [];
    let a;
    try {
      a = await api('article/' + encodeURIComponent(state.article), params);
    } catch (e) {
      if (gen !== generation) return;
      clear(box).append(el('p', {}, backLink(state)), el('p', { class: 'error' }, e.message));
      document.body.setAttribute('data-ready', String(gen));
      return;
    }
    if (gen !== generation) return;
    const marks = a.highlights || {};
    const facts = el('dl', { class: 'facts' });
    const fact = (term, value) => { if (value) facts.append(el('dt', {}, term), el('dd', {}, value)); };
    fact('Outlet', a.outlet);
    fact('Date', a.date ? `${formatDate(a.date)} (from ${a.date_source || 'unknown'})` : 'unknown');
    fact('Credit', a.credit);
    fact('By', (a.bylines || []).join(', '));
    fact('Address', a.url && /^https?:\/\//i.test(a.url)
      ? el('a', { href: a.url, rel: 'noreferrer noopener', target: '_blank' }, a.url) : a.url);
    fact('Source', a.source);
    fact('Id', a.id);
    clear(box).append(
      el('p', {}, backLink(state)),
      el('h1', { class: 'title' }, highlighted(a.title || '(no title)', marks.title)),
      facts,
      el('h2', { class: 'sub' }, 'People'),
      peopleChips(a.people, state.q) || el('p', { class: 'empty' }, 'No people found in this article.'),
      el('div', { class: 'body' }, highlighted(a.body || '', marks.body)));
    document.title = `${a.title || a.id} – newssearch`;
    /* Start at the top, unless the first match is further down than one
     * screen: then at the match. */
    window.scrollTo(0, 0);
    const first = box.querySelector('.body mark');
    if (first && first.getBoundingClientRect().bottom > window.innerHeight) first.scrollIntoView({ block: 'center' });
    document.body.setAttribute('data-ready', String(gen));
  }

  function backLink(state) {
    return el('a', {
      href: stateUrl(Object.assign({}, state, { article: '' })), class: 'back',
      onclick: (e) => { e.preventDefault(); go({ article: '' }); },
    }, '← Back to results');
  }

  /* ---- explaining the query ---- */

  async function drawExplain(q) {
    const box = $('explain');
    if (box.hidden) return;
    clear(box);
    if (!q.trim()) {
      box.append('Type a query to see how it is read.');
      return;
    }
    try {
      const p = await api('parse', [['q', q]]);
      box.append(el('p', {}, 'newssearch reads ', el('code', {}, p.query), ' as:'),
        el('pre', { class: 'tree' }, p.tree),
        p.notes.length ? el('p', {}, 'Repairs: ', p.notes.join('; ')) : null);
    } catch (e) {
      box.append(el('p', { class: 'error' }, e.message));
    }
  }

  /* ---- rendering the state ---- */

  async function render() {
    const gen = ++generation;
    document.body.removeAttribute('data-ready');
    const state = readState();
    const input = $('q');
    if (input.value !== state.q) input.value = state.q;
    $('sort').value = state.sort;
    showError('');
    drawExplain(state.q);
    const reading = Boolean(state.article);
    $('main').hidden = reading;
    $('article').hidden = !reading;
    document.title = state.q ? `${state.q} – newssearch` : 'newssearch';
    if (reading) return drawArticle(state, gen);
    clear($('article'));
    const span = dateSpan(state.q);
    let unit = span !== null && span <= 92 ? 'day' : 'month';
    const params = [['limit', String(PAGE_SIZE)], ['offset', String((state.page - 1) * PAGE_SIZE)],
      ['sort', state.sort]];
    if (state.q.trim()) params.push(['q', state.q]);
    for (const [field] of FACETS) params.push(['facet', field]);
    params.push(['facet_limit', String(FACET_MAX)]);
    document.body.setAttribute('aria-busy', 'true');
    let resp;
    try {
      resp = await api('search', params.concat(timelineParams(unit)));
      let buckets = timelineBuckets(resp, unit);
      /* A few months hold everything: show their days instead. */
      if (unit === 'month' && buckets.length > 0 && buckets.length <= 2) {
        const days = await api('search', [['limit', '0']].concat(state.q.trim() ? [['q', state.q]] : [], timelineParams('day')));
        const dayBuckets = timelineBuckets(days, 'day');
        if (dayBuckets.length && continuous(dayBuckets).length <= MAX_DAY_BARS) {
          unit = 'day';
          buckets = dayBuckets;
        }
      }
      if (gen !== generation) return;
      drawTimeline(buckets, unit);
    } catch (e) {
      if (gen !== generation) return;
      document.body.removeAttribute('aria-busy');
      showError(e.status === 503 ? `The index cannot be read: ${e.message}` : e.message);
      clear($('results'));
      clear($('pager'));
      clear($('facets'));
      clear($('timeline'));
      $('summary').textContent = '';
      showNotes([]);
      document.body.setAttribute('data-ready', String(gen));
      return;
    }
    document.body.removeAttribute('aria-busy');
    showNotes(resp.notes);
    drawFacets(resp, state.q);
    drawResults(resp, state);
    document.body.setAttribute('data-ready', String(gen));
  }

  /* ---- wiring ---- */

  function start() {
    $('search').addEventListener('submit', (e) => {
      e.preventDefault();
      go({ q: $('q').value.trim(), page: 1, article: '' });
    });
    $('sort').addEventListener('change', () => go({ sort: $('sort').value, page: 1, article: '' }));
    $('explain-toggle').addEventListener('click', () => {
      const box = $('explain');
      box.hidden = !box.hidden;
      $('explain-toggle').setAttribute('aria-expanded', String(!box.hidden));
      drawExplain($('q').value);
    });
    $('home').addEventListener('click', (e) => { e.preventDefault(); go({ q: '', page: 1, article: '', sort: 'relevance' }); });
    document.addEventListener('keydown', (e) => {
      const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        $('q').focus();
        $('q').select();
      } else if (e.key === 'Escape' && readState().article && !typing) {
        go({ article: '' });
      }
    });
    window.addEventListener('popstate', render);
    render();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
