"""What a repairer does on the tablet, step by step, in either language."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from app.extensions import db
from tests.factories import DEFAULT_PIN

PORTRAIT = {"width": 800, "height": 1280}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Words:
    """What the buttons and headings say in one language."""

    lang: str
    performer_id: str
    log_in: str
    where: str
    open: str
    start_repair: str
    fenders: str
    brake_cable: str
    done: str
    failed: str
    self_test: str
    findings: str
    finish: str
    next_scooter: str
    scooter: str


RU = Words(
    "ru",
    "Табельный номер",
    "Вход",
    "Где вы сегодня работаете?",
    "Открыть",
    "Начать ремонт",
    "Крылья (замена/ремонт)",
    "Порванный трос тормоза (замена)",
    "Готово",
    "Не удалось",
    "Самодиагностика",
    "Самодиагностика нашла ошибки:",
    "Завершить ремонт",
    "Следующий самокат",
    "Самокат",
)
EN = Words(
    "en",
    "Performer ID",
    "Log in",
    "Where do you work today?",
    "Open",
    "Start repair",
    "Fenders (replace/repair)",
    "Torn brake cable (replace)",
    "Done",
    "Failed",
    "Self-test",
    "Self-test found errors:",
    "Finish the repair",
    "Next scooter",
    "Scooter",
)


def log_in(page: Page, base: str, performer_id: str = "rep-1", words: Words = RU) -> None:
    """Type the id, tap the PIN on the keypad, log in."""
    if not page.url.endswith("/login") and "/login?" not in page.url:
        page.goto(f"{base}/login")
    page.get_by_label(words.performer_id).fill(performer_id)
    for digit in DEFAULT_PIN:
        page.locator(".keypad").get_by_role("button", name=digit, exact=True).click()
    page.get_by_role("button", name=words.log_in, exact=True).click()


def choose_warehouse(page: Page, name: str = "Склад Север", words: Words = RU) -> None:
    """Tap the warehouse on the choice page."""
    expect(page.get_by_role("heading", name=words.where)).to_be_visible()
    page.get_by_role("button", name=name).click()


def on_shift(page: Page, base: str, performer_id: str = "rep-1", words: Words = RU) -> None:
    """Log in and choose the warehouse: the tablet's start of a working day."""
    log_in(page, base, performer_id, words)
    choose_warehouse(page, words=words)
    expect(page.locator("#q")).to_be_visible()


def type_number(page: Page, number: str, words: Words = RU) -> None:
    """Tap the number on the find page's keypad and open it."""
    keypad = page.locator("[data-keypad-for=q]")
    for digit in number:
        keypad.get_by_role("button", name=digit, exact=True).click()
    page.locator("#find-form").get_by_role("button", name=words.open, exact=True).click()


def fresh_rows(query):
    """Read the database as it is now (the live server writes from other sessions)."""
    db.session.rollback()
    db.session.expire_all()
    return list(db.session.scalars(query))


def no_horizontal_scroll(page: Page) -> bool:
    """True when the page fits its viewport's width."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
