"""The dashboard as a new user meets it: Arabic search and labels, short date ranges,
the map, links to one event, the event table's first view."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sql_count
from tests.fixtures.demo import LAVRENTIEV, LAVROV, RUS, TUR
from timeline.model import Article, Event, EventDate, Span
from timeline.store import Store

pytestmark = pytest.mark.browser

EVENTS_WITH_CODE = ("SELECT COUNT(DISTINCT ea.event_id) FROM event_actors ea"
                    " JOIN actors a ON a.id = ea.actor_id WHERE a.code = ?")
COUNT = "#event-count"
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")  # actor codes (RUS, UNO) are identifiers


def _options(b, search: str) -> list[str]:
    """The actor options the dropdown offers for ``search`` typed into it."""
    b.page.locator("#f-actors").click()
    b.page.locator(".dash-dropdown-search").fill(search)
    b.page.wait_for_timeout(300)
    texts = b.page.locator(".dash-dropdown-option").all_inner_texts()
    b.page.keyboard.press("Escape")
    return texts


@pytest.mark.parametrize("ui", ["en", "ar"])
def test_new_user_arabic_alias_search_in_both_interfaces(browsed, demo_store, ui):
    b = browsed(demo_store)
    b.open(f"?ui={ui}")
    # as the aliases are written, in English, and typed with tatweel, diacritics, capitals
    for search in ("روسيا", "موسكو", "Moscow", "الكرملين", "روسـيا", "مُوسكو", "MOSCOW"):
        found = _options(b, search)
        assert any("(RUS)" in t or t.startswith("RUS") for t in found), (search, found)
    for search in ("لافرنتيف", "لافرينتييف", "Lavrentiev"):
        found = _options(b, search)
        assert any("RUS" in t and ("Lavrentiev" in t or "لافرن" in t) for t in found), found
    # folded: written without hamza, with haa for taa marbuta, the actor is still found
    found = _options(b, "الامم المتحده")
    assert any("UNO" in t or "الأمم المتحدة" in t or "United Nations" in t for t in found)
    # choosing the option found by an Arabic alias filters to the country
    b.page.locator("#f-actors").click()
    b.page.locator(".dash-dropdown-search").fill("موسكو")
    b.page.locator(".dash-dropdown-option", has_text="(RUS)").first.click()
    b.page.keyboard.press("Escape")
    n = sql_count(demo_store, EVENTS_WITH_CODE, ("RUS",))
    expect(b.page.locator(COUNT)).to_have_text(re.compile(rf"^{n}\D"))
    assert "actors=RUS" in b.page.url
    b.assert_clean()


_VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, [hidden], .modebar')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden' || style.display === 'none'
        || Number(style.opacity) === 0) continue;
    const quoted = !!el.closest('[lang="en"], .tl-data');  // the articles' own words
    out.push([text, quoted]);
  }
  return out;
}"""


def _latin_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9.]*", text) if not _CODE.match(w)]


def test_new_user_arabic_page_shows_no_english_label(browsed, demo_store):
    b = browsed(demo_store)
    b.open("?ui=ar")
    expect(b.page.locator("#timeline .legendtext").first).to_be_visible()
    expect(b.page.locator("#map .choroplethlocation").first).to_be_attached()
    b.page.locator(".ag-center-cols-container .ag-row").first.click()  # the detail panel too
    expect(b.page.locator("#detail mark")).to_be_visible()
    b.page.wait_for_timeout(500)
    left = [(text, words) for text, quoted in b.page.evaluate(_VISIBLE_TEXT)
            if not quoted and (words := _latin_words(text))]
    assert left == [], left
    # the pager and the table headers are Arabic too
    assert "الصفحة" in b.page.locator(".ag-paging-panel").inner_text()
    assert "الدليل" in b.page.locator(".ag-header").inner_text()
    b.assert_clean()


def _one_day_store(path: Path) -> Store:
    """Three events of one source on one day (and nothing else)."""
    text = ("Sergey Lavrov met the Turkish foreign minister on Tuesday. "
            "He invited Turkey to Moscow. He signed an agreement with Turkey.")
    article = Article(id="one-day", text=text, lang="en", published=date(2021, 2, 17),
                      title="One day", url="https://news.example.org/one-day",
                      outlet="Example Wire")
    when = EventDate(date(2021, 2, 16), "day", None, "on Tuesday")
    events = []
    for typ, sentence in (("talks", text.split(". ")[0] + "."),
                          ("invitation", "He invited Turkey to Moscow."),
                          ("agreement", "He signed an agreement with Turkey.")):
        start = text.index(sentence)
        events.append(Event(article_id="one-day", type=typ, source=(LAVROV,), target=(TUR,),
                            when=when, status="occurred", evidence=sentence, start=start,
                            end=start + len(sentence), confidence=0.9,
                            spans=(Span(start, start + len(sentence)),)))
    store = Store(path)
    store.save(article, events)
    return store


def test_new_user_one_day_axes_read_in_days_with_same_day_events_apart(browsed, tmp_path):
    store = _one_day_store(tmp_path / "one.db")
    b = browsed(store)
    b.open()
    b.expect_count(3)
    # the count and the figure come together; the chart is drawn just after
    expect(b.page.locator("#timeline .scatterlayer .point")).to_have_count(3)
    ticks = b.page.locator("#timeline .xtick text").all_text_contents()
    assert ticks and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in ticks), ticks
    assert "2021-02-16" in ticks and len(set(ticks)) == len(ticks)
    points = b.page.locator("#timeline .scatterlayer .point")
    expect(points).to_have_count(3)
    centres = set()
    for i in range(3):
        box = points.nth(i).bounding_box()
        centres.add((round(box["x"] + box["width"] / 2), round(box["y"] + box["height"] / 2)))
    xs = sorted(x for x, _ in centres)
    assert len(centres) == 3 and xs[1] - xs[0] >= 8 and xs[2] - xs[1] >= 8  # apart
    # the hover of one lists all three
    box = points.nth(1).bounding_box()
    b.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = b.page.locator(".hoverlayer .hovertext")
    expect(hover).to_contain_text("3 events on this day")
    for typ in ("talks", "invitation", "agreement"):
        expect(hover).to_contain_text(typ)
    # counts are per day for a range of one day, and read in days as well
    counts_ticks = b.page.locator("#counts .xtick text").all_text_contents()
    assert counts_ticks and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in counts_ticks)
    bar = b.page.locator("#counts .bars .point path").first.bounding_box()
    plot = b.page.locator("#counts .nsewdrag").first.bounding_box()
    assert bar["width"] < plot["width"] / 3  # one day's bar, not a bar of months
    store.close()
    b.assert_clean()


def test_new_user_map_is_drawn_locally_and_a_country_click_filters(browsed, demo_store):
    b = browsed(demo_store)
    requests: list[str] = []
    b.page.on("request", lambda r: requests.append(r.url))
    b.open()
    expect(b.page.locator("#map .choroplethlocation").first).to_be_attached()
    b.page.locator("#map").scroll_into_view_if_needed()
    b.page.wait_for_timeout(500)
    hosts = {urlparse(u).hostname for u in requests if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}, [u for u in requests if "127.0.0.1" not in u]
    assert any(u.endswith("/assets/topojson/world_110m.json") for u in requests)
    # Turkey is drawn with its events as source or target (a compact shape: the middle of
    # its box is on it): click it
    turkey = b.page.locator("#map .choroplethlocation").nth(_location_index(b, "TUR"))
    box = turkey.bounding_box()
    b.page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    b.expect_count(sql_count(demo_store, EVENTS_WITH_CODE, ("TUR",)))
    assert "actors=TUR" in b.page.url
    b.assert_clean()


def _location_index(b, code: str) -> int:
    """Which drawn country path is ``code`` (plotly draws them in trace order)."""
    locations = b.page.evaluate(
        "() => document.getElementById('map').querySelector('.js-plotly-plot')"
        ".calcdata[0].map(d => d.loc)")
    return list(locations).index(code)


def test_new_user_event_link_reopens_the_event(browsed, demo_store):
    b = browsed(demo_store)
    b.open("?actors=RUS")
    row = b.page.locator(".ag-center-cols-container .ag-row").first
    evidence = row.locator('[col-id="evidence"]').inner_text()
    row.locator('[col-id="type"]').click()
    expect(b.page.locator("#detail .tl-evidence-quote").first).to_have_text(evidence)
    b.page.wait_for_function("() => location.search.includes('event=')")
    link = b.page.url
    assert "actors=RUS" in link
    other = b.page.context.new_page()
    other.goto(link)
    expect(other.locator("#detail .tl-evidence-quote").first).to_have_text(evidence)
    expect(other.locator(COUNT)).to_have_text(
        f"{sql_count(demo_store, EVENTS_WITH_CODE, ('RUS',))} events")
    other.close()
    b.assert_clean()


def test_new_user_table_shows_evidence_in_its_first_view(browsed, demo_store):
    total = sql_count(demo_store, "SELECT COUNT(*) FROM events")
    b = browsed(demo_store)
    b.open()
    grid = b.page.locator("#table")
    rows = b.page.locator(".ag-center-cols-container .ag-row")
    expect(rows).to_have_count(total)
    b.page.wait_for_timeout(500)
    # every row in the grid's first view (no scrolling inside it, across or down), every
    # column in its width, each evidence whole
    outside = grid.evaluate("""g => {
        const view = g.querySelector('.ag-root-wrapper').getBoundingClientRect();
        const bad = [];
        for (const cell of g.querySelectorAll('.ag-center-cols-container .ag-cell')) {
            const r = cell.getBoundingClientRect();
            if (r.left < view.left - 1 || r.right > view.right + 1 || r.bottom > view.bottom + 1
                || cell.scrollWidth > cell.clientWidth + 1
                || cell.scrollHeight > cell.clientHeight + 1)
                bad.push(cell.getAttribute('col-id') + ': ' + cell.textContent);
        }
        return bad;
    }""")
    assert outside == []
    widths = rows.first.locator('[col-id="evidence"]').bounding_box()["width"]
    assert widths >= 300
    for col in ("type", "source", "target"):  # not cut either
        for cell in rows.locator(f'[col-id="{col}"]').all():
            assert cell.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), cell.inner_text()
    b.assert_clean()


def test_new_user_arabic_detail_names_actors_in_arabic(browsed, demo_store):
    b = browsed(demo_store)
    b.open("?ui=ar&actors=RUS%7Cperson%7CAlexander%20Lavrentiev")
    rows = b.page.locator(".ag-center-cols-container .ag-row")
    expect(rows.first).to_be_visible()
    assert LAVRENTIEV.name not in rows.first.inner_text()
    rows.first.locator('[col-id="type"]').click()
    from timeline import directory
    arabic = directory.load().entries["alexander-lavrentiev"].ar_name
    assert arabic.startswith("ألكسندر")
    meta = b.page.locator("#detail .tl-meta")
    expect(meta).to_contain_text(arabic)
    assert RUS.name not in meta.inner_text()
    b.assert_clean()


def test_new_user_download_from_the_arabic_page_is_captioned_in_arabic(browsed, demo_store,
                                                                       tmp_path):
    from tests.browser.test_export_browser import download
    b = browsed(demo_store)
    b.open("?ui=ar&actors=RUS")
    expect(b.page.locator(COUNT)).to_have_text(
        re.compile(rf"^{sql_count(demo_store, EVENTS_WITH_CODE, ('RUS',))}\D"))
    page = download(b, "counts", "HTML", tmp_path).read_text(encoding="utf-8")

    def shows(text: str) -> bool:  # the figure is JSON in the page: maybe escaped
        import json
        return text in page or json.dumps(text)[1:-1] in page
    assert "<title>الأحداث الدبلوماسية لكل" in page
    assert shows("الأطراف: ") and shows("روسيا") and shows("محادثات")
    b.assert_clean()
