"""The demo's warehouses and accounts (named in the README, so newcomers can log in)."""

PLACES = [
    ("wh-north", "Склад Север", "Europe/Moscow"),
    ("wh-south", "Склад Юг", "Europe/Moscow"),
    ("wh-ekb", "Склад Екатеринбург", "Asia/Yekaterinburg"),
]

# (performer_id, name, role, PIN, home warehouse)
USERS = [
    ("rep-1", "Иван Петров", "repairer", "1111", "wh-north"),
    ("rep-2", "Пётр Сидоров", "repairer", "2222", "wh-north"),
    ("rep-3", "Алексей Смирнов", "repairer", "3333", "wh-south"),
    ("rep-4", "Дмитрий Кузнецов", "repairer", "4444", "wh-south"),
    ("rep-5", "Сергей Попов", "repairer", "5555", "wh-ekb"),
    ("rep-6", "Андрей Васильев", "repairer", "6666", "wh-ekb"),
    ("manager", "Ольга Соколова", "manager", "9999", "wh-north"),
]

# Typical minutes per job type (median); real durations scatter around them.
JOB_MINUTES = {
    "wrapping": 15,
    "brake_adjustment": 10,
    "fenders": 20,
    "stem_play": 25,
    "reflectors": 6,
    "brake_cable": 30,
    "dashboard_controller": 40,
    "kickstand": 15,
    "parking_lock": 25,
    "grips": 10,
}


def is_demo_pin(performer_id: str, pin: str) -> bool:
    """Whether `pin` is the demo account `performer_id`'s published PIN (the README prints
    them): outside demo mode such a login is refused, so a demo account never opens a real
    install."""
    return any(user[0] == performer_id and user[3] == pin for user in USERS)
