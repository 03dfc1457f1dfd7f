"""stats, log, export and import, run as a person would."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.e2e.test_cli import kindly


def test_log_stats_export_import(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = kindly("log", "loving-kindness", "--minutes", "12", "--at", "2026-03-01T07:30+01:00",
                    "--note", "=on the train, with care", data=data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "logged 12 min of" in result.stdout
    assert kindly("log", "box", "--minutes", "3", data=data).returncode == 0
    stats = kindly("stats", "--json", data=data)
    assert stats.returncode == 0, stats.stderr
    payload = json.loads(stats.stdout)
    assert list(payload) == ["total_sessions", "total_minutes", "days_practiced_7", "days_practiced_30",
                             "current_streak_days", "longest_streak_days", "minutes_by_kind"]  # fmt: skip
    assert payload["total_sessions"] == 2 and payload["total_minutes"] == 15.0
    assert payload["minutes_by_kind"] == {"breathing": 3.0, "loving-kindness": 12.0}
    assert payload["current_streak_days"] == 1
    text = kindly("stats", data=data)
    assert text.returncode == 0 and re.search(r"^  sessions +2$", text.stdout, re.MULTILINE), text.stdout

    out = tmp_path / "log.csv"
    exported = kindly("export", str(out), data=data)
    assert exported.returncode == 0 and "exported 2 sessions" in exported.stdout
    assert "'=on the train, with care" in out.read_text()
    other = tmp_path / "other"
    imported = kindly("import", str(out), data=other)
    assert imported.returncode == 0 and imported.stdout.strip() == "Added 2 sessions."
    again = kindly("import", str(out), data=other)
    assert "2 were already in your log" in again.stdout
    out2 = tmp_path / "log2.csv"
    assert kindly("export", str(out2), data=other).returncode == 0
    assert out2.read_bytes() == out.read_bytes()


def test_log_and_stats_take_the_new_practice_kinds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "sessions").mkdir(parents=True)
    (data / "sessions" / "noting.toml").write_text(
        'id = "evening-noting"\ntitle = "Evening noting"\nkind = "kind-noting"\nlengths = [5]\n'
        'care_note = "You can stop whenever you like."\n[[steps]]\ntext = "Hi."\nvoice = false\n'
    )
    result = kindly("log", "evening-noting", "--minutes", "5", data=data)
    assert result.returncode == 0, result.stderr
    stats = json.loads(kindly("stats", "--json", data=data).stdout)
    assert stats["minutes_by_kind"] == {"kind-noting": 5.0}


def test_errors_are_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for args, message in (
        (("log", "nope", "--minutes", "5"), "there is no session 'nope'"),
        (("log", "body-scan", "--minutes", "5", "--at", "soon"), "is not a date and time"),
        (("log", "body-scan", "--minutes", "5", "--at", "2999-01-01T00:00"), "is in the future"),
        (("log", "body-scan"), "--minutes"),
        (("export", str(tmp_path / "x.txt")), ".csv or .json"),
        (("import", str(tmp_path / "missing.csv")), "was not found"),
    ):
        result = kindly(*args, data=data)
        assert result.returncode == 1, args
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_log_and_add_audio_take_the_same_kinds(tmp_path: Path) -> None:
    """Issue 14 #14: `log` took only built-in ids while `add-audio --kind` took anything."""
    from sessions.kinds import PRACTICE_KINDS

    data = tmp_path / "data"
    tone = Path(__file__).resolve().parents[1] / "audio" / "data" / "tone.ogg"
    for args in (("log", "yoga", "--minutes", "20"), ("add-audio", str(tone), "--kind", "yoga")):
        result = kindly(*args, data=data)
        assert result.returncode == 1, args
        assert "'yoga'" in result.stderr and ", ".join(PRACTICE_KINDS) in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (data / "recordings" / "index.json").exists()
    logged = kindly("log", "walking", "--minutes", "20", data=data)
    assert logged.returncode == 0, logged.stderr
    assert "logged 20 min of Walking" in logged.stdout
    added = kindly("add-audio", str(tone), "--kind", "walking", data=data)
    assert added.returncode == 0, added.stderr
    payload = json.loads(kindly("stats", "--json", data=data).stdout)
    assert payload["minutes_by_kind"] == {"walking": 20.0}
    listing = json.loads(kindly("list", "--json", data=data).stdout)
    assert [r["kind"] for r in listing["recordings"]] == ["walking"]


def test_import_a_simple_csv_with_a_dry_run_first(tmp_path: Path) -> None:
    """Issue 14 #13: a date, minutes and a title, as other apps write them, previewed first."""
    data = tmp_path / "data"
    source = tmp_path / "from-another-app.csv"
    source.write_text(
        "Date,Minutes,Title\n2026-03-02 07:15,12,Morning sit\n2026-03-03,20,Body scan\nnot a date,5,Oops\n"
    )
    preview = kindly("import", str(source), "--dry-run", data=data)
    assert preview.returncode == 0, preview.stderr
    out = preview.stdout
    assert out.startswith("from-another-app.csv: 2 sessions to add, 1 row that can't be read.")
    assert "+ Mon 02 Mar 2026 07:15 · 12 min · Morning sit" in out
    assert "Skipped: line 4: 'not a date' is not a date" in out
    assert "Nothing was added (--dry-run)." in out
    assert (
        not (data / "history.json").exists()
        or json.loads(kindly("stats", "--json", data=data).stdout)["total_sessions"] == 0
    )
    done = kindly("import", str(source), data=data)
    assert done.returncode == 0 and done.stdout.strip() == (
        "Added 2 sessions. 1 row could not be read and was skipped."
    )
    assert "skipped line 4" in done.stderr
    again = kindly("import", str(source), data=data)
    assert again.stdout.startswith("Added 0 sessions; 2 were already in your log.")
    assert json.loads(kindly("stats", "--json", data=data).stdout)["total_minutes"] == 32.0
