"""Where data lives, and settings that survive damage."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from sessions.paths import cache_dir, resolve_data_paths
from sessions.reminders import MAX_DAILY, DailyReminder, MindfulBells, ReminderPlan
from sessions.settings import Settings, load_settings, save_settings


def test_data_dir_precedence(tmp_path: Path) -> None:
    assert resolve_data_paths(tmp_path / "a", {"KINDLY_HOME": str(tmp_path / "b")}).root == tmp_path / "a"
    assert resolve_data_paths(None, {"KINDLY_HOME": str(tmp_path / "b")}).root == tmp_path / "b"
    default = resolve_data_paths(None, {}).root
    assert default.name == "Kindly" and default.is_absolute()
    paths = resolve_data_paths(tmp_path)
    assert paths.history == tmp_path / "history.json"
    assert paths.settings == tmp_path / "settings.json"


def test_settings_round_trip_privately(tmp_path: Path) -> None:
    settings = Settings(pattern="4-2-6", minutes=3.0, no_holds=True, always_on_top=True)
    save_settings(tmp_path / "s" / "settings.json", settings)
    assert load_settings(tmp_path / "s" / "settings.json") == (settings, None)
    assert stat.S_IMODE((tmp_path / "s" / "settings.json").stat().st_mode) == 0o600


def test_missing_settings_are_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == (Settings(), None)


def test_wrong_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"pattern": "1-0-1", "minutes": -3, "no_holds": "yes", "always_on_top": True}))
    settings, notice = load_settings(path)
    assert notice is None
    assert settings == Settings(always_on_top=True)


def test_damaged_settings_are_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{oops")
    settings, notice = load_settings(path)
    assert settings == Settings()
    assert notice is not None and "damaged" in notice
    assert not path.exists()
    (kept,) = tmp_path.glob("settings.corrupt-*.json")
    assert kept.read_text() == "{oops"


def test_volumes_and_ambient_are_kept_in_range(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"voice_volume": 0.4, "bell_volume": 7, "tone_volume": -1, "ambient": "jazz"}))
    settings, _ = load_settings(path)
    assert settings.volumes() == {"voice": 0.4, "bell": 0.8, "tone": 0.6, "ambient": 0.5}
    assert settings.ambient == ""


def test_new_fields_round_trip(tmp_path: Path) -> None:
    plan = ReminderPlan(
        daily=(DailyReminder("08:30", frozenset(range(5))),), bells=MindfulBells(every_min=90)
    )
    settings = Settings(
        theme="dark",
        captions=False,
        mood_checkins=False,
        show_streaks=False,
        start_at_login=True,
        reminders=plan,
        crisis_line="988",
        care_dismissed_at="2024-05-01T09:00:00+01:00",
    )
    save_settings(tmp_path / "settings.json", settings)
    loaded, notice = load_settings(tmp_path / "settings.json")
    assert (loaded, notice) == (settings, None)
    assert loaded.reminders == plan


def test_new_fields_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "theme": "neon",
                "captions": "no",
                "start_at_login": True,
                "crisis_line": "x" * 200,
                "care_dismissed_at": "yesterday",
            }
        )
    )
    settings, notice = load_settings(path)
    assert notice is None
    assert settings == Settings(start_at_login=True)
    assert Settings(crisis_line="  call \n 988  ").validated().crisis_line == "call 988"
    assert Settings(care_dismissed_at="2024-05-01T09:00:00").validated().care_dismissed_at == ""


def test_damaged_reminders_keep_the_good_ones_and_say_so(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"reminders": {"daily": [{"time": "25:00"}, {"time": "07:30"}]}, "minutes": 10})
    )
    settings, notice = load_settings(path)
    assert notice is not None and "25:00" in notice
    assert settings.minutes == 10
    assert [r.time for r in settings.reminders.daily] == ["07:30"]
    path.write_text(json.dumps({"reminders": [1, 2]}))
    settings, notice = load_settings(path)
    assert settings.reminders == ReminderPlan()
    assert notice is not None and "reminders could not be read" in notice


def test_reminders_are_a_plan_in_memory_and_the_same_json_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings())
    assert json.loads(path.read_text())["reminders"] == {}  # no reminders, as settings.json always had
    plan = ReminderPlan(
        daily=(DailyReminder("07:30", frozenset({0, 2})),),
        bells=MindfulBells(
            every_min=45, random_window=("09:00", "17:00"), quiet_start="12:00", quiet_end="13:00"
        ),
    )
    save_settings(path, Settings(reminders=plan))
    assert json.loads(path.read_text())["reminders"] == {
        "daily": [{"time": "07:30", "weekdays": [0, 2]}],
        "bells": {
            "every_min": 45,
            "random_window": ["09:00", "17:00"],
            "quiet_start": "12:00",
            "quiet_end": "13:00",
            "weekdays": [0, 1, 2, 3, 4, 5, 6],
        },
    }
    settings, notice = load_settings(path)
    assert (settings.reminders, notice) == (plan, None)
    assert isinstance(settings.reminders, ReminderPlan)


def test_a_plan_is_tidied_as_loading_would_tidy_it() -> None:
    times = [f"{hour:02d}:00" for hour in range(MAX_DAILY + 2, 0, -1)]
    untidy = ReminderPlan(daily=tuple(DailyReminder(t) for t in [*times, times[0]]))
    tidy = Settings(reminders=untidy).validated().reminders
    assert [r.time for r in tidy.daily] == sorted(times[:MAX_DAILY])
    assert Settings(reminders=tidy).validated().reminders == tidy


def test_the_cache_folder_follows_kindly_cache_else_the_platform(tmp_path: Path) -> None:
    assert cache_dir({"KINDLY_CACHE": str(tmp_path / "c")}) == tmp_path / "c"
    platform = cache_dir({})
    assert platform.name == "Kindly"
    assert platform != resolve_data_paths(env={}).root  # rebuildable things stay out of the data
