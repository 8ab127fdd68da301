"""The audit log page: newest first, filters, keyset pages, Drive's detail, bad filters inline."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import ControlCommand
from tests import factories
from tests.admin.audit_data import T0, entry, people
from tests.admin.conftest import page_text
from tests.manager.factories import make_repair, make_shift
from tests.support.pages import post_form

IDS = re.compile(r'<tr id="audit-(\d+)"')
OLDER = re.compile(r'rel="next" href="([^"]+)"')


@pytest.fixture
def log(app):
    """A small log: two repairers, two scooters, every outcome, over two days."""
    people()
    return {
        "deck": entry(0),
        "offline": entry(
            10,
            action="self_test",
            outcome="failed",
            error="drive_error",
            detail="car_offline: the car is offline (battery flat)",
        ),
        "light": entry(20, "rep-2", "veh-b", "headlight_on"),
        "denied": entry(30, "rep-2", "veh-a", "open_lock", "denied", error="not_on_shift"),
        "test": entry(
            60 * 24, "rep-1", "veh-b", "self_test", result={"passed": False, "errors": ["E10"]}
        ),
        "lost": entry(
            60 * 24 + 5, "rep-1", "veh-c", "block_wheel", "unknown", error="drive_timeout"
        ),
    }


def shown(response) -> list[int]:
    return [int(i) for i in IDS.findall(page_text(response))]


def ids(log, *names) -> list[int]:
    return [log[name].id for name in names]


def test_the_log_lists_every_command_newest_first(as_manager, log):
    response = as_manager.get("/admin/audit")

    assert response.status_code == 200
    assert shown(response) == ids(log, "lost", "test", "denied", "light", "offline", "deck")


def test_each_entry_shows_who_which_scooter_the_outcome_and_drives_detail(as_manager, log):
    text = page_text(as_manager.get("/admin/audit"))

    assert "Иван Петров" in text and "Пётр Иванов" in text
    assert "<strong>0421</strong>" in text and "veh-c" in text
    assert "Самодиагностика" in text and "Открыть батарейный отсек" in text
    for outcome, tone in (("ok", "ok"), ("failed", "bad"), ("denied", "bad"), ("unknown", "warn")):
        assert f'class="badge badge-{outcome} tone-{tone}"' in text
    assert "car_offline: the car is offline (battery flat)" in text
    assert "&#34;errors&#34;: [" in text or '"errors": [' in text  # Drive's self-test answer
    assert "12:00" in text  # 09:00 UTC shown in Moscow time


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"scooter": "veh-b"}, ["test", "light"]),
        ({"scooter": "0421"}, ["denied", "offline", "deck"]),  # by the number Drive told us
        ({"scooter": "veh-c"}, ["lost"]),  # a scooter whose number we never learnt
        ({"scooter": "9999"}, []),
        ({"performer_id": "rep-2"}, ["denied", "light"]),
        ({"action": "self_test"}, ["test", "offline"]),
        ({"outcome": "denied"}, ["denied"]),
        ({"outcome": "unknown"}, ["lost"]),
        ({"date_from": "2026-03-11"}, ["lost", "test"]),
        ({"date_to": "2026-03-10"}, ["denied", "light", "offline", "deck"]),
        (
            {"date_from": "2026-03-10", "date_to": "2026-03-10"},
            ["denied", "light", "offline", "deck"],
        ),
        ({"scooter": "0421", "performer_id": "rep-1", "outcome": "failed"}, ["offline"]),
    ],
)
def test_filters(as_manager, log, query, expected):
    response = as_manager.get("/admin/audit", query_string=query)

    assert response.status_code == 200
    assert shown(response) == ids(log, *expected)


def test_dates_are_whole_days_in_the_managers_time_zone(as_manager, log):
    # 21:30 UTC on 10 March is 00:30 on 11 March in Moscow.
    late = entry(12 * 60 + 30, outcome="ok")

    response = as_manager.get("/admin/audit", query_string={"date_to": "2026-03-10"})
    next_day = as_manager.get("/admin/audit", query_string={"date_from": "2026-03-11"})

    assert late.id not in shown(response)
    assert late.id in shown(next_day)


def test_dates_are_typed_as_the_pages_show_them_whatever_the_browser(as_manager, log):
    typed = as_manager.get("/admin/audit", query_string={"date_from": "11.03.2026"})
    iso = as_manager.get("/admin/audit", query_string={"date_from": "2026-03-11"})

    assert typed.status_code == 200 and shown(typed) == shown(iso) == ids(log, "lost", "test")
    text = page_text(typed)
    assert 'type="text"' in text and 'type="date"' not in text  # no browser-locale picker
    assert 'value="11.03.2026"' in text and 'placeholder="дд.мм.гггг"' in text


def test_times_are_each_warehouses_local_time_as_in_history(as_manager, log):
    # rep-2 is on shift at Yekaterinburg (UTC+5); rep-1's first command belongs to a repair at
    # a Moscow warehouse (UTC+3); a command with neither is shown in Moscow time.
    factories.make_place("wh-1", "Склад Север", "Europe/Moscow")
    factories.make_place("wh-ekb", "Склад Екатеринбург", "Asia/Yekaterinburg")
    make_shift("rep-2", "2026-03-10 06:00", 8, place_id="wh-ekb")
    make_repair("rep-1", "veh-a", "2026-03-10 08:50", 30, repair_id="r-msk")
    deck = log["deck"].id
    db.session.execute(
        update(ControlCommand).where(ControlCommand.id == deck).values(repair_id="r-msk")
    )
    db.session.commit()
    ekb = entry(10 * 60 + 30, "rep-2", "veh-b", "headlight_off")  # 19:30 UTC: 00:30 on the 11th
    msk = entry(10 * 60 + 31, "rep-1", "veh-b", "headlight_off")  # 22:31 on the 10th

    text = page_text(as_manager.get("/admin/audit"))
    tenth = shown(as_manager.get("/admin/audit", query_string={"date_to": "10.03.2026"}))
    eleventh = shown(as_manager.get("/admin/audit", query_string={"date_from": "11.03.2026"}))

    def time_of(entry_id: int) -> str:
        cell = re.search(rf'id="audit-{entry_id}">\s*<td[^>]*><time[^>]*>([^<]+)<', text)
        return cell.group(1)

    assert time_of(log["light"].id) == "10.03.2026 14:20:00"  # 09:20 UTC at Yekaterinburg
    assert time_of(deck) == "10.03.2026 12:00:00"  # 09:00 UTC at Moscow
    assert time_of(ekb.id) == "11.03.2026 00:30:00"
    assert time_of(msk.id) == "10.03.2026 22:31:00"
    assert msk.id in tenth and ekb.id not in tenth  # days are each warehouse's local days
    assert ekb.id in eleventh and msk.id not in eleventh


@pytest.mark.parametrize(
    "query,field,message",
    [
        ({"date_from": "31.02.2026"}, "date_from", "Неверное значение даты."),
        ({"date_from": "03/10/2026"}, "date_from", "Неверное значение даты."),
        ({"date_from": "2026-03-11", "date_to": "2026-03-10"}, "date_to", "Дата окончания"),
        ({"action": "self_destruct"}, "action", ""),
        ({"outcome": "maybe"}, "outcome", ""),
        ({"performer_id": "nobody"}, "performer_id", ""),
    ],
)
def test_bad_filters_are_shown_inline_with_400(as_manager, log, query, field, message):
    response = as_manager.get("/admin/audit", query_string=query)

    assert response.status_code == 400
    text = page_text(response)
    assert f'id="{field}-error">{message}' in text
    assert shown(response) == []
    assert as_manager.get("/admin/audit.csv", query_string=query).status_code == 400


def test_pages_follow_one_another_without_gaps_or_repeats(as_manager, log):
    # 130 more entries, many sharing one instant: the cursor must break the ties by id.
    for n in range(130):
        entry(2 * 24 * 60 + n // 4, outcome="ok")
    everything = [
        c.id
        for c in db.session.scalars(
            db.select(ControlCommand).order_by(
                ControlCommand.requested_at.desc(), ControlCommand.id.desc()
            )
        )
    ]

    seen, pages, url = [], 0, "/admin/audit"
    while url:
        response = as_manager.get(url.replace("&amp;", "&"))
        assert response.status_code == 200
        seen += shown(response)
        pages += 1
        older = OLDER.search(page_text(response))
        url = older.group(1) if older else None

    assert seen == everything
    assert pages == 3  # 136 entries, 50 a page


def test_the_next_page_keeps_the_filters(as_manager, log):
    for n in range(60):
        entry(3 * 24 * 60 + n, "rep-2", outcome="ok")

    first = as_manager.get("/admin/audit", query_string={"performer_id": "rep-2"})
    link = OLDER.search(page_text(first)).group(1).replace("&amp;", "&")
    second = as_manager.get(link)

    assert "performer_id=rep-2" in link
    assert len(shown(first)) == 50
    assert len(shown(second)) == 12  # the other 10 of the 60, and rep-2's two from the log
    assert not set(shown(first)) & set(shown(second))


def test_a_mangled_cursor_gives_the_first_page(as_manager, log):
    for after in ("garbage", "12.x", "99999999999999999999999.1", "-5.3"):
        response = as_manager.get("/admin/audit", query_string={"after": after})
        assert response.status_code == 200


def test_a_command_refused_by_drive_shows_up_with_drives_reason(as_manager, api, simulator):
    from tests import factories

    factories.make_place("wh-1")
    factories.make_user("rep-1", "Иван Петров")
    offline = next(s for s in simulator.scooters() if s.offline)
    api.post("/api/shift/start", {"performer_id": "rep-1", "place_id": "wh-1"})
    api.start_repair("r-1", "rep-1", offline.vehicle_id, "wh-1")

    refused = api.post(
        "/api/scooter/control",
        {"vehicle_id": offline.vehicle_id, "action": "open_deck", "performer_id": "rep-1"},
    )

    assert refused.status_code == 502
    text = page_text(as_manager.get("/admin/audit", query_string={"scooter": offline.vehicle_id}))
    assert 'class="badge badge-failed tone-bad">Не выполнена<' in text
    assert "car_offline" in text and "drive_error" in text


def test_the_filter_form_needs_no_csrf_token_and_changes_nothing(as_manager, log):
    before = db.session.scalar(db.select(db.func.count()).select_from(ControlCommand))

    assert as_manager.get("/admin/audit", query_string={"outcome": "ok"}).status_code == 200
    assert post_form(as_manager, "/admin/audit").status_code == 405

    assert db.session.scalar(db.select(db.func.count()).select_from(ControlCommand)) == before


def test_times_before_the_first_entry_show_nothing(as_manager, log):
    day = (T0 - timedelta(days=30)).date().isoformat()

    response = as_manager.get("/admin/audit", query_string={"date_to": day})

    assert shown(response) == []
    assert "Нет команд, подходящих под фильтры." in page_text(response)


def test_a_command_its_worker_never_settled_is_shown_unknown_page_filters_and_csv(as_manager, log):
    """A worker killed mid-command left this entry pending in March: it is no longer pending."""
    stuck = entry(60 * 24 + 10, "rep-2", "veh-b", "open_lock", "pending", finished_at=None)

    page = page_text(as_manager.get("/admin/audit", query_string={"scooter": "veh-b"}))
    pending = as_manager.get("/admin/audit", query_string={"outcome": "pending"})
    unknown = as_manager.get("/admin/audit", query_string={"outcome": "unknown"})
    exported = as_manager.get("/admin/audit.csv", query_string={"outcome": "unknown"}).get_data(
        as_text=True
    )

    row = page[page.index(f'id="audit-{stuck.id}"') :].split("</tr>")[0]
    assert 'class="badge badge-unknown tone-warn"' in row and "Ждёт ответа Drive" not in row
    assert "abandoned" in row
    assert stuck.id not in shown(pending)
    assert shown(unknown) == [stuck.id, log["lost"].id]
    assert f"{stuck.id};" in exported and "Неизвестно: проверьте самокат" in exported
