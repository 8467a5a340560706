"""The analyst's corrections driven in headless Chromium: edit, reject, add, merge, the
"merge reports" switch and the actor form. What was written is read straight from SQLite."""
from __future__ import annotations

import json
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, sql_count, sql_value
from tests.fixtures.demo import RUS, USA
from timeline import config
from timeline.model import Article, Event, EventDate, Span

pytestmark = pytest.mark.browser

ROWS = ".ag-center-cols-container .ag-row"
TALKS = "Lavrov and the Turkish side held talks on Syria."
THREAT = "The Kremlin threatened Washington with a response."
VISIT = "Foreign Minister Sergey Lavrov visited Ankara from May 30 to June 1."
USEFUL = "Both sides called the visit useful."
AGREEMENT = "Russia and the United States signed an agreement on prisoner exchange."


def _open_event(b, evidence: str) -> None:
    """Click the table row of the event told by ``evidence``; wait for its detail."""
    b.page.locator(ROWS, has_text=evidence).locator(".ag-cell").first.click()
    expect(b.page.locator("#detail .tl-evidence-quote").first).to_have_text(evidence)


def _pick(b, selector: str, search: str, option: str | None = None) -> None:
    """Choose an option of the dropdown at ``selector`` (inside the detail panel)."""
    b.page.locator(selector).click()
    b.page.locator(".dash-dropdown-search").fill(search)
    b.page.locator(".dash-dropdown-option", has_text=option or search).first.click()
    b.page.keyboard.press("Escape")


def _events(store) -> int:
    return sql_count(store, "SELECT COUNT(*) FROM events")


def test_corrections_browser_edit_event(browsed, demo_store):
    b = browsed(demo_store)
    b.open()
    total = _events(demo_store)
    _open_event(b, TALKS)
    _pick(b, "#detail .tl-c-type", "agreement")
    b.page.locator("#detail .tl-c-target input").fill("TUR IRN")
    b.page.locator("#detail .tl-c-date input").fill("2021-05")
    b.page.locator("#detail .tl-c-precision label", has_text="month").click()
    b.page.locator("#detail .tl-c-save").click()
    expect(b.page.locator("#correct-note")).to_contain_text("Saved", timeout=TIMEOUT_MS)
    expect(b.page.locator("#correct-note")).to_contain_text("type → agreement")
    # the detail shows the corrected event, the table too; nothing else changed
    expect(b.page.locator("#detail .tl-meta")).to_contain_text("Iran")
    row = b.page.locator(ROWS, has_text=TALKS)
    expect(row).to_contain_text("agreement")
    expect(row).to_contain_text("2021-05")
    b.expect_count(total)
    assert sql_count(demo_store, "SELECT COUNT(*) FROM corrections WHERE action = 'edit'") == 1
    payload = json.loads(sql_value(demo_store, "SELECT payload FROM corrections"))
    assert payload["changes"]["type"] == "agreement"
    assert [a["code"] for a in payload["changes"]["target"]] == ["TUR", "IRN"]
    assert payload["changes"]["precision"] == "month"
    # what the extractor produced is untouched
    assert sql_value(demo_store, "SELECT type FROM events WHERE evidence = ?", (TALKS,)) == "talks"
    b.assert_clean()


def test_corrections_browser_reject_event(browsed, demo_store):
    b = browsed(demo_store)
    b.open()
    total = _events(demo_store)
    _open_event(b, THREAT)
    b.page.locator("#detail .tl-c-reject").click()
    expect(b.page.locator("#correct-note")).to_contain_text("rejected", timeout=TIMEOUT_MS)
    b.expect_count(total - 1)
    expect(b.page.locator(ROWS, has_text=THREAT)).to_have_count(0)
    assert sql_count(demo_store, "SELECT COUNT(*) FROM corrections WHERE action = 'reject'") == 1
    assert _events(demo_store) == total
    b.page.reload()  # still gone after a reload
    b.expect_count(total - 1)
    b.assert_clean()


def test_corrections_browser_add_event_from_a_sentence(browsed, demo_store):
    b = browsed(demo_store)
    b.open()
    total = _events(demo_store)
    _open_event(b, VISIT)
    b.page.locator("#detail .tl-add-event summary").click()
    _pick(b, "#detail .tl-c-sentence", "useful", USEFUL)
    _pick(b, "#detail .tl-c-add-type", "support")
    b.page.locator("#detail .tl-c-add-source input").fill("RUS")
    b.page.locator("#detail .tl-c-add-target input").fill("TUR")
    b.page.locator("#detail .tl-c-add-date input").fill("2021-06-02")
    b.page.locator("#detail .tl-c-add").click()
    expect(b.page.locator("#correct-note")).to_contain_text("added", timeout=TIMEOUT_MS)
    b.expect_count(total + 1)
    expect(b.page.locator("#detail .tl-evidence-quote").first).to_have_text(USEFUL)
    expect(b.page.locator("#detail mark")).to_have_text(USEFUL)
    expect(b.page.locator(ROWS, has_text=USEFUL)).to_contain_text("support")
    event = json.loads(sql_value(demo_store, "SELECT payload FROM corrections"))["event"]
    assert (event["type"], event["date"], event["evidence"]) == ("support", "2021-06-02", USEFUL)
    assert [a["code"] for a in event["source"]] == ["RUS"]
    b.assert_clean()


def test_corrections_browser_merge_two_events(browsed, demo_store):
    b = browsed(demo_store)
    b.open()
    total = _events(demo_store)
    _open_event(b, TALKS)
    b.page.locator("#detail .tl-c-merge").click()
    expect(b.page.locator("#merge-banner")).to_be_visible()
    expect(b.page.locator("#merge-label")).to_contain_text("Sergey Lavrov")
    _open_event(b, VISIT)  # the other event, picked in the table
    b.page.locator("#merge-do").click()
    expect(b.page.locator("#correct-note")).to_contain_text("Merged", timeout=TIMEOUT_MS)
    expect(b.page.locator("#merge-banner")).to_be_hidden()
    b.expect_count(total - 1)
    reports = b.page.locator("#detail .tl-report")
    expect(reports).to_have_count(2)
    expect(reports.nth(0)).to_contain_text(TALKS)
    expect(reports.nth(1)).to_contain_text(VISIT)
    expect(b.page.locator(ROWS, has_text=VISIT)).to_have_count(0)
    assert sql_count(demo_store, "SELECT COUNT(*) FROM corrections WHERE action = 'merge'") == 1
    b.assert_clean()


def test_corrections_browser_merge_reports_switch(browsed, demo_store):
    text = "Moscow and Washington agreed on a prisoner swap on Thursday."
    other = Article(id="swap", text=text, lang="en", published=date(2022, 8, 5),
                    title="Swap agreed", outlet="Other Wire")
    demo_store.save(other, [Event("swap", "agreement", (RUS,), (USA,),
                                  EventDate(date(2022, 8, 4), "day"), "occurred", text, 0,
                                  len(text), 0.7, (Span(0, len(text)),))])
    total = _events(demo_store)
    b = browsed(demo_store)
    b.open()
    b.expect_count(total - 1)  # two reports of one agreement: one event
    expect(b.page.locator(ROWS, has_text=AGREEMENT).locator('[col-id="reports"]')).to_have_text("2")
    _open_event(b, AGREEMENT)
    reports = b.page.locator("#detail .tl-report")
    expect(reports).to_have_count(2)
    expect(reports.nth(1)).to_contain_text("Other Wire")
    expect(reports.nth(1)).to_contain_text(text)
    b.page.locator("#f-reports").click()
    b.expect_count(total)
    assert "reports=apart" in b.page.url
    expect(b.page.locator(ROWS, has_text=text)).to_have_count(1)
    b.page.locator("#f-reports").click()
    b.expect_count(total - 1)
    b.assert_clean()


def test_corrections_browser_add_actor_and_alias(browsed, demo_store):
    b = browsed(demo_store)
    b.open()
    b.page.locator(".tl-actor-form summary").click()
    b.page.locator("#actor-name").fill("Zorvath Quimbly")
    b.page.locator("#actor-code").fill("RUS")
    b.page.locator("#actor-add").click()
    expect(b.page.locator("#actor-note")).to_contain_text("zorvath-quimbly", timeout=TIMEOUT_MS)
    b.page.locator("#actor-mode label", has_text="Alias").click()
    b.page.locator("#actor-id").fill("zorvath-quimbly")
    b.page.locator("#actor-alias").fill("زورفاث كويمبلي")
    b.page.locator("#actor-lang label", has_text="Arabic").click()
    b.page.locator("#actor-add").click()
    expect(b.page.locator("#actor-note")).to_contain_text("aliases.ar.tsv", timeout=TIMEOUT_MS)
    actors = config.user_data_file(demo_store.path)
    assert "zorvath-quimbly\tZorvath Quimbly\tperson\tRUS" in actors.read_text(encoding="utf-8")
    aliases = config.user_aliases_file(actors, "ar").read_text(encoding="utf-8")
    assert "زورفاث كويمبلي\tzorvath-quimbly\tvariant" in aliases
    b.page.locator("#actor-add").click()  # the same alias again: nothing to add
    expect(b.page.locator("#actor-note")).to_contain_text("Nothing to change", timeout=TIMEOUT_MS)
    b.page.locator("#actor-id").fill("sergey-lavrov")  # another actor's alias: refused
    b.page.locator("#actor-add").click()
    expect(b.page.locator("#actor-note")).to_contain_text("Not saved", timeout=TIMEOUT_MS)
    expect(b.page.locator("#actor-note")).to_contain_text("zorvath-quimbly")
    b.assert_clean()
