"""The words of the repair domain, each defined once: statuses, command outcomes, commands.

Each is an enum of the codes the database stores and the API sends, and each code carries what
people read for it: its label (an English msgid, Russian in translations/common), its tone
(the colour of its badge: static/css/app.css styles `tone-*`, never a code), and its flags.
Models (their CHECK constraints), the API (its OpenAPI enums), the Drive client, statistics,
and the tablet, manager and admin pages all read from here; tests/test_vocabulary.py checks
that nothing is missing a label and that the lists everyone uses agree.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


class Tone(StrEnum):
    """How a badge looks: blue, green, red or amber (the CSS class `tone-<tone>`)."""

    INFO = "info"
    OK = "ok"
    BAD = "bad"
    WARN = "warn"


class Term(StrEnum):
    """A code with its label. Members are the codes themselves (`Status.FAILED == "failed"`)."""

    label: LazyString

    def __new__(cls, code: str, *_details) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        return member

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """Every code, in the order they are defined (the order lists and menus show)."""
        return tuple(member.value for member in cls)

    @classmethod
    def of(cls, code: str) -> Self | Unlisted:
        """The term for a stored code; a code no longer defined reads as itself."""
        try:
            return cls(code)
        except ValueError:
            return Unlisted(code)

    @classmethod
    def check(cls, column: str) -> str:
        """The SQL of a CHECK constraint that holds `column` to these codes."""
        return f"{column} IN ({', '.join(repr(code) for code in cls.codes())})"


class Unlisted(str):
    """A stored code the vocabulary no longer defines (an old audit entry): shown as it is."""

    tone = Tone.WARN
    destructive = False

    @property
    def label(self) -> str:
        return str(self)

    @property
    def css(self) -> str:
        return f"tone-{self.tone}"


class TonedTerm(Term):
    """A term shown as a badge: its tone is the badge's colour (`css`)."""

    tone: Tone

    def __init__(self, _code: str, label: LazyString, tone: Tone) -> None:
        self.label = label
        self.tone = tone

    @property
    def css(self) -> str:
        return f"tone-{self.tone}"


class Status(TonedTerm):
    """The status of a repair and of a job: performing, then ended one way for good.

    `end_label` is what the button that ends a job this way says (None: not an ending).
    """

    PERFORMING = "performing", _l("In progress"), Tone.INFO
    COMPLETED = "completed", _l("Completed"), Tone.OK, _l("Done")
    FAILED = "failed", _l("Failed"), Tone.BAD, _l("Failed")
    CANCELLED = "cancelled", _l("Cancelled"), Tone.WARN, _l("Cancel")

    def __init__(
        self, _code: str, label: LazyString, tone: Tone, end_label: LazyString | None = None
    ) -> None:
        self.label = label
        self.tone = tone
        self.end_label = end_label

    @classmethod
    def endings(cls) -> tuple[Status, ...]:
        """The statuses a repair or job can end with (the API's `status` of an end)."""
        return tuple(status for status in cls if status.end_label is not None)

    @property
    def end_css(self) -> str:
        """The class of the button ending a job this way: plain unless good or bad news."""
        return {Tone.OK: "btn-ok", Tone.BAD: "btn-bad"}.get(self.tone, "btn-plain")


class Outcome(TonedTerm):
    """How a control command ended, as its audit entry records it."""

    PENDING = "pending", _l("Awaiting Drive"), Tone.WARN  # written before Drive is called
    OK = "ok", _l("Confirmed"), Tone.OK
    FAILED = "failed", _l("Not run"), Tone.BAD  # Drive refused, or nothing reached it
    # Sent, no valid answer: the repairer must check the scooter.
    UNKNOWN = "unknown", _l("Unknown: check the scooter"), Tone.WARN
    # Not allowed (not on shift, no repair of the scooter in progress): never sent.
    DENIED = "denied", _l("Not allowed"), Tone.BAD

    @classmethod
    def unconfirmed(cls) -> tuple[Outcome, ...]:
        """The outcomes of a settled command Drive did not confirm (an error answer's)."""
        return tuple(outcome for outcome in cls if outcome not in (cls.PENDING, cls.OK))


class PointStatus(TonedTerm):
    """Where a field mission's scooter point stands: pending until its repair ends."""

    PENDING = "pending", _l("To do"), Tone.INFO
    DONE = "done", _l("Repaired"), Tone.OK
    FAILED = "failed", _l("Not repaired"), Tone.BAD
    SKIPPED = "skipped", _l("Skipped"), Tone.WARN

    @classmethod
    def for_repair_end(cls, status: str) -> PointStatus:
        """The point's status when its repair ends with `status`."""
        return {Status.COMPLETED: cls.DONE, Status.FAILED: cls.FAILED}.get(status, cls.SKIPPED)


# The `error` of an entry its sender never settled (killed mid-command): settled `unknown`.
ABANDONED = "abandoned"


class Command(Term):
    """A control command a scooter takes through Drive, as the tablet offers it.

    `confirm` is the question asked before a destructive command (one that frees something
    on a scooter in a public place); None: sent at the first tap.
    """

    OPEN_DECK = (
        "open_deck",
        _l("Open battery deck"),
        _l("Open the battery deck of scooter %(number)s?"),
    )
    HEADLIGHT_ON = "headlight_on", _l("Headlight on")
    HEADLIGHT_OFF = "headlight_off", _l("Headlight off")
    SELF_TEST = "self_test", _l("Self-test")
    OPEN_LOCK = (
        "open_lock",
        _l("Open lock"),
        _l("Open the lock of scooter %(number)s? It can be ridden away then."),
    )
    BLOCK_WHEEL = "block_wheel", _l("Block wheel")
    UNBLOCK_WHEEL = (
        "unblock_wheel",
        _l("Unblock wheel"),
        _l("Unblock the wheel of scooter %(number)s?"),
    )

    def __init__(self, _code: str, label: LazyString, confirm: LazyString | None = None) -> None:
        self.label = label
        self.confirm = confirm

    @property
    def destructive(self) -> bool:
        return self.confirm is not None

    def confirm_text(self, number: str) -> str:
        """The question asked before sending this command to scooter `number` ("" if none)."""
        return self.confirm % {"number": number} if self.confirm is not None else ""


class TagWrite(Term):
    """A write to a scooter's tags in Drive, kept in the outbox until Drive confirms it."""

    REMOVE_TAG = "remove_tag", _l("Remove tag")
    ADD_TAG = "add_tag", _l("Add tag")

    def __init__(self, _code: str, label: LazyString) -> None:
        self.label = label


class Delivery(TonedTerm):
    """Where a tag write in the outbox stands."""

    PENDING = "pending", _l("Waiting for Drive"), Tone.WARN  # retried until Drive confirms
    DELIVERED = "delivered", _l("Confirmed by Drive"), Tone.OK
    # Never deliverable (a bad payload, a car Drive does not know): kept, not retried.
    REJECTED = "rejected", _l("Rejected"), Tone.BAD


# The tag that marks a scooter ready to go back out; logistics makes drop-off drafts from it.
READY_TAG = "ready_for_deployment"


class ComplaintSource(Term):
    """Who or what reported a complaint about a scooter."""

    USER_SUPPORT = "user_support", _l("User support")
    ENERGIZER_SUPPORT = "energizer_support", _l("Energizer support")
    RELOCATION_MISSION = "relocation_mission", _l("Relocation mission")
    REPAIRER = "repairer", _l("Repairer")
    MANAGER = "manager", _l("Manager")
    # A `broken` tag read from Drive (written there by support before we knew of it).
    DRIVE = "drive", _l("Drive tag")

    def __init__(self, _code: str, label: LazyString) -> None:
        self.label = label

    @classmethod
    def filed(cls) -> tuple[ComplaintSource, ...]:
        """The sources a complaint filed through the API may name (Drive's come by import)."""
        return tuple(source for source in cls if source is not cls.DRIVE)


class ComplaintStatus(TonedTerm):
    """A complaint is open until a repair resolves it or someone rejects it."""

    OPEN = "open", _l("Not resolved"), Tone.WARN
    RESOLVED = "resolved", _l("Resolved"), Tone.OK
    REJECTED = "rejected", _l("Dismissed"), Tone.INFO


class Stage(Term):
    """A step of a scooter's way from a complaint back to the street (repairs come from
    repairs themselves). `recorded`: people or systems may record it through the API."""

    REPORTED = "reported", _l("Reported"), False
    PICKED_UP = "picked_up", _l("Picked up"), True
    ARRIVED = "arrived", _l("Arrived at the warehouse"), True
    RELEASED = "released", _l("Released, ready to go out"), False
    BACK_ON_STREET = "back_on_street", _l("Back on the street"), True
    LEFT_UNREPAIRED = "left_unrepaired", _l("Left unrepaired"), True

    def __init__(self, _code: str, label: LazyString, recorded: bool) -> None:
        self.label = label
        self.recorded = recorded

    @classmethod
    def recordable(cls) -> tuple[Stage, ...]:
        """The stages the API records (released goes through the release, reported through
        a complaint)."""
        return tuple(stage for stage in cls if stage.recorded)
