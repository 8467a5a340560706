"""The dashboard driven in headless Chromium; expected counts come straight from SQLite."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sql_count, sql_value
from tests.fixtures.demo import BLINKEN, RUS, XSS_EVIDENCE, XSS_TITLE
from timeline.model import Article, Event, EventDate, Span
from timeline.store import Store

pytestmark = pytest.mark.browser

EVENTS_WITH_CODE = ("SELECT COUNT(DISTINCT ea.event_id) FROM event_actors ea"
                    " JOIN actors a ON a.id = ea.actor_id WHERE a.code = ?")


def test_dashboard_country_shows_exactly_its_events(browsed, demo_store):
    expected = sql_count(demo_store, EVENTS_WITH_CODE, ("RUS",))
    people = sql_count(demo_store, EVENTS_WITH_CODE + " AND a.kind = 'person'", ("RUS",))
    assert people > 0 and expected > people  # the country count must take in its people
    b = browsed(demo_store)
    b.open()
    b.expect_count(sql_count(demo_store, "SELECT COUNT(*) FROM events"))
    b.choose("f-actors", "Russia")
    b.expect_count(expected)
    expect(b.page.locator(".ag-center-cols-container .ag-row")).to_have_count(expected)
    assert "actors=RUS" in b.page.url
    b.assert_clean()


def test_dashboard_person_narrows(browsed, demo_store):
    expected = sql_count(demo_store, EVENTS_WITH_CODE + " AND a.kind = 'person' AND a.name = ?",
                         ("RUS", "Sergey Lavrov"))
    b = browsed(demo_store)
    b.open()
    b.choose("f-actors", "Lavrov", "Sergey Lavrov")
    b.expect_count(expected)
    rows = b.page.locator(".ag-center-cols-container .ag-row")
    expect(rows).to_have_count(expected)
    for text in rows.all_inner_texts():
        assert "Sergey Lavrov" in text
    b.assert_clean()


def test_dashboard_type_narrows(browsed, demo_store):
    expected = sql_count(demo_store, "SELECT COUNT(*) FROM events WHERE type = 'talks'")
    b = browsed(demo_store)
    b.open()
    b.choose("f-types", "talks")
    b.expect_count(expected)
    b.choose("f-actors", "Russia")  # both filters at once
    expected_both = sql_count(
        demo_store, "SELECT COUNT(DISTINCT e.id) FROM events e JOIN event_actors ea"
        " ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id"
        " WHERE e.type = 'talks' AND a.code = 'RUS'")
    b.expect_count(expected_both)
    b.assert_clean()


def test_dashboard_date_range_narrows(browsed, demo_store):
    lo, hi = "2022-01-01", "2022-06-30"
    overlap = ("SELECT COUNT(*) FROM events WHERE date IS NOT NULL"
               " AND COALESCE(end_date, date) >= ? AND date <= ?")
    b = browsed(demo_store)
    b.open()
    start = b.page.locator(".dash-datepicker-start-date")
    start.fill(lo)
    start.press("Enter")
    b.expect_count(sql_count(demo_store, overlap, (lo, "9999-12-31")))
    end = b.page.locator(".dash-datepicker-end-date")
    end.fill(hi)
    end.press("Enter")
    b.expect_count(sql_count(demo_store, overlap, (lo, hi)))
    assert "date_from=2022-01-01" in b.page.url and "date_to=2022-06-30" in b.page.url
    # the slider follows the picker; moving the slider back to the end clears date_to
    thumb = b.page.locator("#f-date-slider .dash-slider-thumb-2")
    expect(thumb).to_have_attribute("aria-valuenow", str(2022 * 12 + 5))
    thumb.focus()
    thumb.press("End")
    b.expect_count(sql_count(demo_store, overlap, (lo, "9999-12-31")))
    expect(b.page.locator(".dash-datepicker-end-date")).to_have_value("")
    b.assert_clean()


def test_dashboard_click_timeline_point_shows_evidence(browsed, demo_store):
    b = browsed(demo_store)
    b.open("?types=condemnation")
    b.expect_count(1)
    b.click_in_graph("#timeline .scatterlayer .point")
    mark = b.page.locator("#detail mark")
    expect(mark).to_have_count(1)
    evidence = sql_value(demo_store, "SELECT evidence FROM events WHERE type = 'condemnation'")
    expect(mark).to_have_text(evidence)
    expect(b.page.locator("#detail .tl-detail-title")).to_have_text("Blinken condemns Moscow")
    link = b.page.locator("#detail a.tl-url")
    expect(link).to_have_attribute("rel", re.compile("noopener"))
    b.assert_clean()


def test_dashboard_click_table_row_shows_arabic_evidence_rtl(browsed, demo_store):
    b = browsed(demo_store)
    b.open("?types=offer")
    b.expect_count(1)
    b.page.locator(".ag-center-cols-container .ag-row .ag-cell").first.click()
    article = b.page.locator("#detail .tl-article")
    expect(article).to_have_attribute("dir", "rtl")
    expect(article).to_have_attribute("lang", "ar")
    expect(article.locator("mark")).to_contain_text("لافرنتييف")
    font = article.evaluate("e => getComputedStyle(e).fontFamily")
    assert "Noto Naskh Arabic" in font
    b.assert_clean()


def test_dashboard_click_undated_item_shows_detail(browsed, demo_store):
    b = browsed(demo_store)
    b.open()
    items = b.page.locator(".tl-undated-item")
    expect(items).to_have_count(sql_count(demo_store, "SELECT COUNT(*) FROM events"
                                                      " WHERE date IS NULL"))
    items.filter(has_text="sanctions").click()
    expect(b.page.locator("#detail mark")).to_contain_text("impose new sanctions")
    b.assert_clean()


def test_dashboard_url_restores_filters(browsed, demo_store):
    expected = sql_count(
        demo_store, "SELECT COUNT(DISTINCT e.id) FROM events e JOIN event_actors ea"
        " ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id"
        " WHERE e.type = 'talks' AND a.code = 'RUS'")
    b = browsed(demo_store)
    b.open("?actors=RUS&types=talks&lanes=type")
    b.expect_count(expected)
    expect(b.page.locator("#f-actors")).to_contain_text("Russia")
    expect(b.page.locator("#f-types")).to_contain_text("talks")
    expect(b.page.locator("#lanes input[value=type]")).to_be_checked()
    assert "actors=RUS" in b.page.url and "types=talks" in b.page.url
    b.page.reload()
    b.expect_count(expected)
    b.assert_clean()


def test_dashboard_matrix_click_filters_pair(browsed, demo_store):
    expected = sql_count(
        demo_store, "SELECT COUNT(DISTINCT s.event_id) FROM event_actors s"
        " JOIN actors sa ON sa.id = s.actor_id JOIN event_actors t ON t.event_id = s.event_id"
        " JOIN actors ta ON ta.id = t.actor_id WHERE s.role = 'source' AND t.role = 'target'"
        " AND sa.code = 'RUS' AND ta.code = 'TUR'")
    b = browsed(demo_store)
    b.open()
    graph = b.page.locator("#matrix .js-plotly-plot")
    expect(graph).to_be_visible()
    graph.scroll_into_view_if_needed()
    x, y = graph.evaluate("""gd => {
        const fl = gd._fullLayout, r = gd.getBoundingClientRect();
        return [r.left + fl._size.l + fl.xaxis.d2p('TUR'),
                r.top + fl._size.t + fl.yaxis.d2p('RUS')];
    }""")
    b.page.mouse.click(x, y)
    b.expect_count(expected)
    chip = b.page.locator("#pair-chip")
    expect(chip).to_be_visible()
    expect(chip).to_contain_text("RUS → TUR")
    assert "pair=RUS%2CTUR" in b.page.url or "pair=RUS,TUR" in b.page.url
    b.page.locator("#pair-remove").click()
    expect(chip).to_be_hidden()
    b.expect_count(sql_count(demo_store, "SELECT COUNT(*) FROM events"))
    b.assert_clean()


def test_dashboard_arabic_switch_flips_layout(browsed, demo_store):
    b = browsed(demo_store)
    b.open("?types=talks")
    expect(b.page.locator("#app-title")).to_have_text("Diplomatic event timeline")
    b.page.locator("#ui-lang input[value=ar]").check()
    expect(b.page.locator("#wrapper")).to_have_attribute("dir", "rtl")
    expect(b.page.locator("html")).to_have_attribute("dir", "rtl")
    expect(b.page.locator("#app-title")).to_have_text("الخط الزمني للأحداث الدبلوماسية")
    expect(b.page.locator("#event-count")).to_contain_text("3")
    assert "ui=ar" in b.page.url and "types=talks" in b.page.url  # filters kept
    b.page.locator("#ui-lang input[value=en]").check()
    expect(b.page.locator("#wrapper")).to_have_attribute("dir", "ltr")
    expect(b.page.locator("#app-title")).to_have_text("Diplomatic event timeline")
    b.assert_clean()


def test_dashboard_article_markup_shows_as_text(browsed, demo_store):
    b = browsed(demo_store)
    b.open("?types=rejection")
    b.expect_count(1)
    b.page.locator(".ag-center-cols-container .ag-row .ag-cell").first.click()
    detail = b.page.locator("#detail")
    expect(detail.locator("mark")).to_have_text(XSS_EVIDENCE)
    expect(detail.locator(".tl-detail-title")).to_have_text(XSS_TITLE)
    expect(detail.locator(".tl-article")).to_contain_text("<script>alert(1)</script>")
    expect(detail).to_contain_text("<b>Bad Outlet</b>")
    assert detail.locator("img").count() == 0
    assert detail.locator("script").count() == 0
    assert detail.locator("b").count() == 0
    assert detail.locator("a[href^=javascript]").count() == 0  # a javascript: URL is not linked
    assert b.page.locator("img[src=x]").count() == 0
    b.page.wait_for_timeout(300)
    assert b.dialogs == []
    b.assert_clean()


def test_dashboard_empty_store_says_so(browsed, tmp_path: Path):
    store = Store(tmp_path / "empty.db")
    b = browsed(store)
    b.open()
    b.expect_count(0)
    message = b.page.locator("#empty-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text("timeline ingest")
    b.open("?actors=RUS&types=talks")  # filters on an empty store stay usable
    b.expect_count(0)
    b.assert_clean()


def test_dashboard_no_match_says_so(browsed, demo_store):
    b = browsed(demo_store)
    b.open("?text=no-such-words-anywhere")
    b.expect_count(0)
    expect(b.page.locator("#empty-message")).to_have_text("No events match these filters")
    b.page.locator("#f-clear").click()
    b.expect_count(sql_count(demo_store, "SELECT COUNT(*) FROM events"))
    expect(b.page.locator("#empty-message")).to_be_hidden()
    expect(b.page.locator("#f-text")).to_have_value("")
    b.assert_clean()


def test_dashboard_new_event_shows_without_restart(browsed, demo_store):
    total = sql_count(demo_store, "SELECT COUNT(*) FROM events")
    b = browsed(demo_store)
    b.open()
    b.expect_count(total)
    text = "Russia and the United States held talks in Vienna on Monday."
    article = Article(id="late-1", text=text, lang="en", published=date(2023, 3, 7),
                      title="Vienna talks", url="https://news.example.org/late-1",
                      outlet="Example Wire")
    event = Event(article_id="late-1", type="talks", source=(RUS,), target=(BLINKEN,),
                  when=EventDate(date(2023, 3, 6), "day", None, "on Monday"),
                  status="occurred", evidence=text, start=0, end=len(text), confidence=0.9,
                  spans=(Span(0, len(text)),))
    writer = Store(demo_store.path)
    writer.save(article, [event])
    writer.close()
    b.choose("f-types", "talks")  # a filter change reads the new data
    b.expect_count(sql_count(demo_store, "SELECT COUNT(*) FROM events WHERE type = 'talks'"))
    b.open()  # and so does a fresh load, options included
    b.expect_count(total + 1)
    b.choose("f-outlets", "Example Wire")
    b.expect_count(sql_count(demo_store, "SELECT COUNT(*) FROM events e JOIN articles a"
                                         " ON a.id = e.article_id WHERE a.outlet = 'Example Wire'"))
    b.assert_clean()


def test_dashboard_back_button_restores_previous_filters(browsed, demo_store):
    talks = sql_count(demo_store, "SELECT COUNT(*) FROM events WHERE type = 'talks'")
    b = browsed(demo_store)
    b.open()
    b.choose("f-types", "talks")
    b.expect_count(talks)
    b.choose("f-actors", "Iran")
    b.expect_count(sql_count(
        demo_store, "SELECT COUNT(DISTINCT e.id) FROM events e JOIN event_actors ea"
        " ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id"
        " WHERE e.type = 'talks' AND a.code = 'IRN'"))
    b.page.go_back()
    b.expect_count(talks)
    expect(b.page.locator("#f-actors")).not_to_contain_text("Iran")
    expect(b.page.locator("#f-types")).to_contain_text("talks")
    b.assert_clean()


def test_dashboard_table_quick_filter(browsed, demo_store):
    b = browsed(demo_store)
    b.open()
    rows = b.page.locator(".ag-center-cols-container .ag-row")
    expect(rows).to_have_count(sql_count(demo_store, "SELECT COUNT(*) FROM events"))
    b.page.locator("#table-search").fill("Lavrov")
    expect(rows).to_have_count(3)
    for text in rows.all_inner_texts():
        assert "Lavrov" in text
    b.assert_clean()
