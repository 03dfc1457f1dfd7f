"""Every parser of outside input, fuzzed: each answer is a clear error or a valid result.

Never an uncaught exception, a hang, or a partial write. The parsers already fuzzed elsewhere
(session scripts as text and bytes, audio tags, the single-instance socket end to end, export
round trips) are not repeated here; this fills the gaps and aims at known-dangerous shapes
(see ``outside.NASTY_TEXTS``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from audio.captions import read_lrc
from audio.recordings import INDEX_NAME, LibraryError, list_recordings
from sessions.commands import ARGUMENTS, MAX_MINUTES, WIRE_NAMES, Command
from sessions.exchange import COLUMNS, ExchangeError, import_file, parse_csv, read_file
from sessions.guided import guided_timeline
from sessions.history import HistoryLog, Record
from sessions.library import BUILTIN_DIR, VOICE_DIR
from sessions.patterns import MAX_PHASE_S, MIN_CYCLE_S, PRESETS, PatternError, parse_pattern, phase_at
from sessions.scripts import load_library
from sessions.settings import Settings, load_settings, save_settings
from tests.hardening.outside import FUZZ, NASTY_TEXTS, dumps, huge_ints, json_values, outside_bytes
from ui.hand_off import MAX_LINE, ProtocolError, parse_request

T0 = datetime(2026, 3, 4, 21, 5, 9, tzinfo=timezone(timedelta(hours=2)))


def _leftovers(folder: Path) -> list[str]:
    """Temporary files a failed write might leave behind (there must never be any)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".part")))


# -- breathing patterns --------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(0, 40).map(str),
    st.floats(0, 40, allow_nan=False).map(lambda f: f"{f:.4f}"),
    st.text(alphabet="0123456789.", max_size=6),
    st.sampled_from(["0", "00", "0.5", "1.", ".5", "1" * 400, "\u0664", "\uff14", "9" * 30, "1e3", "-1"]),
)
pattern_texts = st.one_of(
    st.text(max_size=40),
    st.lists(numbers, min_size=1, max_size=5).map("-".join),
    st.tuples(
        st.sampled_from(list(PRESETS)), st.sampled_from(["", " ", "\t", "\n", "\u00a0"]), st.booleans()
    ).map(lambda t: t[1] + (t[0].upper() if t[2] else t[0]) + t[1]),
)


@FUZZ
@given(text=pattern_texts, no_holds=st.booleans())
def test_any_pattern_text_is_a_calm_pattern_or_a_pattern_error(text: str, no_holds: bool) -> None:
    try:
        pattern = parse_pattern(text, no_holds=no_holds)
    except PatternError as exc:
        assert str(exc)  # a sentence for the person who typed it
        event("refused")
        return
    event("a pattern")
    assert math.isfinite(pattern.cycle_s) and pattern.cycle_s >= MIN_CYCLE_S
    assert pattern.phases and all(0 < p.duration_s <= MAX_PHASE_S for p in pattern.phases)
    assert not (no_holds and pattern.has_holds)
    for t in (0.0, pattern.cycle_s / 3, 3600.0):
        assert 0.0 <= phase_at(pattern, t).level <= 1.0


# -- settings.json -------------------------------------------------------------------------------

FIELD_NAMES = [f.name for f in fields(Settings)]
clock_texts = st.sampled_from(["08:30", "23:59", "00:00", "24:00", "7:5", "noon", ""]) | json_values
weekday_lists = st.lists(st.integers(-2, 9) | huge_ints, max_size=8) | json_values
reminders = st.fixed_dictionaries(
    {},
    optional={
        "daily": st.lists(
            st.fixed_dictionaries({}, optional={"time": clock_texts, "weekdays": weekday_lists}), max_size=7
        )
        | json_values,
        "bells": st.fixed_dictionaries(
            {},
            optional={
                "every_min": st.integers(-5, 500) | huge_ints | json_values,
                "random_window": st.lists(clock_texts, max_size=3) | json_values,
                "quiet_start": clock_texts,
                "quiet_end": clock_texts,
                "weekdays": weekday_lists,
            },
        )
        | json_values,
    },
)
settings_objects = st.dictionaries(
    st.sampled_from(FIELD_NAMES) | st.text(max_size=8),
    json_values | st.sampled_from(["box", "4-2-6", "dark", "rain", 0.5, 3, 240.0, 241]) | reminders,
    max_size=8,
)


def _readable_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw), dict)
    except (ValueError, RecursionError):
        return False


@FUZZ
@given(raw=outside_bytes(settings_objects.map(dumps), st.just(b'{"reminders": ' + b"[" * 3000 + b"}")))
def test_any_settings_file_gives_settings_and_only_an_unreadable_one_is_set_aside(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(raw)
        settings, notice = load_settings(path, now=T0)
        assert isinstance(settings, Settings) and settings.validated() == settings
        assert notice is None or (isinstance(notice, str) and notice.strip())
        kept = list(Path(folder).glob("settings.corrupt-*.json"))
        event("readable" if _readable_object(raw) else "set aside")
        if _readable_object(raw):
            assert path.read_bytes() == raw and kept == []  # wrong values fall back one by one
        else:
            assert not path.exists() and len(kept) == 1 and kept[0].read_bytes() == raw
            assert notice is not None and "damaged" in notice
        # What was loaded can be saved, and reads back the same without a word.
        save_settings(path, settings)
        assert load_settings(path) == (settings, None)


# -- .lrc caption sidecars ----------------------------------------------------------------------

stamps = st.tuples(st.integers(0, 999), st.integers(0, 99), st.none() | st.integers(0, 999)).map(
    lambda t: f"[{t[0]:02d}:{t[1]:02d}{'' if t[2] is None else f'.{t[2]}'}]"
)
lrc_lines = st.one_of(
    st.tuples(st.lists(stamps, max_size=3), st.text(max_size=30)).map(lambda t: "".join(t[0]) + t[1]),
    st.integers(-(10**7) + 1, 10**7 - 1).map(lambda n: f"[offset:{n:+d}]"),
    st.sampled_from(
        ["[ar:Someone]", "[00:00.00]", "[:]", "[999:99.999]x", "[1:2:3]y", "[00:01]\x00\x1b[31m"]
    ),
    st.text(max_size=30),
)
lrc_texts = st.lists(lrc_lines, max_size=25).map("\n".join)


@FUZZ
@given(
    raw=outside_bytes(
        lrc_texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
        lrc_texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
    )
)
def test_any_lrc_sidecar_reads_as_clean_captions(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "talk.lrc"
        path.write_bytes(raw)
        captions = read_lrc(path)
    event("captions" if captions else "no captions")
    assert len(captions) <= 5000
    assert list(captions) == sorted(captions, key=lambda c: c.start_s)
    for caption in captions:
        assert math.isfinite(caption.start_s) and caption.start_s >= 0
        assert caption.text and caption.text == caption.text.strip() and caption.text.isprintable()
        assert len(caption.text) <= 300


def test_a_huge_lrc_file_is_read_only_up_to_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "talk.lrc"
    path.write_bytes(b"[00:01.00]Arrive\n" + b"[00:02.00]" + b"x" * (2 << 20) + b"\n[00:03.00]never read\n")
    captions = read_lrc(path)
    assert captions[0].text == "Arrive" and len(captions) == 2
    assert len(captions[1].text) == 300


# -- CSV and JSON imports ------------------------------------------------------------------------

GOOD_ROW: dict[str, Any] = {
    "id": "a" * 32,
    "started_at": "2025-01-02T07:00:00+00:00",
    "ended_at": "2025-01-02T07:05:00+00:00",
    "session_id": "breathing",
    "title": "Box breathing",
    "kind": "breathing",
    "pattern": "box",
    "planned_seconds": 300.0,
    "practiced_seconds": 300.0,
    "completed": True,
    "mood_before": 2,
    "mood_after": None,
    "note": "Calm.",
    "schema": 1,
}
GOOD_CELLS: dict[str, list[str]] = {
    "id": ["a" * 32, "b", "", "'=x"],
    "started_at": ["2025-01-02T07:00:00+00:00", "2025-01-02T07:00:00", "yesterday", ""],
    "ended_at": ["2025-01-02T07:05:00+01:00", "2025-13-02T07:05:00+00:00"],
    "session_id": ["breathing", "", "'-1"],
    "title": ["Box", "=cmd|' /C calc'!A0", "'+x"],
    "kind": ["breathing", ""],
    "pattern": ["", "box", "4-2-6"],
    "planned_seconds": ["", "300.0", "-1", "nan", "inf", "1e400", "1" + "0" * 400, "x"],
    "practiced_seconds": ["300.0", "0", "", "NaN", "1" + "0" * 5000],
    "completed": ["true", "false", "TRUE", "yes", ""],
    "mood_before": ["", "1", "5", "0", "6", "٣", "²", "1" + "0" * 5000],
    "mood_after": ["", "3", "-1"],
    "note": ["", 'a, "quoted"\nnote', "'", "\x00"],
    "schema": ["1", "0", "2", "", "01", "¹", "1" * 5000],
}
fresh_ids = st.uuids().map(lambda u: u.hex)


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` about nine times in ten, so both the accepting and the refusing paths get exercised."""
    # Not one_of(good, good, …): Hypothesis folds repeated branches into one, which makes it 50/50.
    return st.integers(0, 9).flatmap(lambda n: bad if n == 0 else good)


csv_junk = {col: st.sampled_from(values) | st.text(max_size=12) for col, values in GOOD_CELLS.items()}
csv_rows = st.builds(
    lambda rid, changes: [changes.get(c, rid if c == "id" else GOOD_CELLS[c][0]) for c in COLUMNS],
    fresh_ids,
    # Most rows are good or have one odd cell, so whole files get imported as well as refused.
    mostly(st.just({}), st.sampled_from(COLUMNS).flatmap(lambda c: csv_junk[c].map(lambda v: {c: v}))),
)
csv_rows_ragged = csv_rows | st.lists(st.text(max_size=8), max_size=16)


def _csv_bytes(header: list[str], rows: list[list[str]], line_end: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


csv_files = st.builds(
    _csv_bytes,
    mostly(
        st.just(list(COLUMNS)),
        st.permutations(list(COLUMNS)) | st.lists(st.sampled_from(COLUMNS), max_size=15),
    ),
    st.lists(mostly(csv_rows, csv_rows_ragged), max_size=5),
    st.sampled_from(["\r\n", "\n", "\r"]),
)

record_rows = st.builds(
    lambda rid, changes, dropped: {
        k: v for k, v in {**GOOD_ROW, "id": rid, **changes}.items() if k not in dropped
    },
    fresh_ids,
    mostly(st.just({}), st.dictionaries(st.sampled_from([*COLUMNS, "extra"]), json_values, max_size=3)),
    mostly(st.just(set()), st.sets(st.sampled_from(COLUMNS), max_size=2)),
)
json_files = st.one_of(
    st.fixed_dictionaries(
        {
            "schema": mostly(st.just(1), st.sampled_from([0, 2, True, None, "1", 10**400])),
            "records": st.lists(record_rows, max_size=4),
        }
    ),
    st.lists(mostly(record_rows, json_values), max_size=4),
).map(dumps)


def _import_or_refuse(folder: Path, name: str, raw: bytes) -> None:
    """Import ``raw`` into a log holding one session: all of it, or nothing (byte for byte)."""
    data = folder / "data"
    log = HistoryLog(data / "history.json")
    existing = Record(**GOOD_ROW)
    log.append(existing)
    before = (data / "history.json").read_bytes()
    source = folder / name
    source.write_bytes(raw)
    try:
        result = import_file(log, source)
    except ExchangeError as exc:
        assert str(exc).startswith(name), str(exc)
        assert (data / "history.json").read_bytes() == before
        event("refused, log untouched")
    else:
        event(f"imported, {'some' if result.added else 'none'} added")
        records = HistoryLog(data / "history.json").records()
        assert records[0] == existing and len(records) == 1 + result.added
        assert result.total == len(read_file(source))
    finally:
        log.close()
    assert _leftovers(data) == []
    assert sorted(p.name for p in data.iterdir()) == ["history.json"]


@FUZZ
@given(raw=outside_bytes(csv_files))
def test_any_csv_file_imports_whole_or_not_at_all(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _import_or_refuse(Path(folder), "practice.csv", raw)


@FUZZ
@given(raw=outside_bytes(json_files))
def test_any_json_file_imports_whole_or_not_at_all(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _import_or_refuse(Path(folder), "practice.json", raw)


@pytest.mark.parametrize(
    ("column", "cell"), [("mood_before", "²"), ("mood_after", "1" + "0" * 5000), ("schema", "1" * 5000)]
)
def test_csv_digits_int_cannot_read_are_refused_not_raised(column: str, cell: str) -> None:
    # Regression: str.isdigit() accepts "²" and 5000-digit text, and int() then raised ValueError.
    row = [cell if c == column else GOOD_CELLS[c][0] for c in COLUMNS]
    with pytest.raises(ExchangeError, match=column):
        parse_csv(_csv_bytes(list(COLUMNS), [row], "\r\n").decode(), "in.csv")


# -- history.json at start-up ----------------------------------------------------------------------

history_files = st.one_of(
    st.dictionaries(st.sampled_from(["1", "2", "3"]), record_rows, max_size=3).map(
        lambda table: dumps({"meta": {"1": {"schema": 1}}, "sessions": table})
    ),
    st.dictionaries(
        st.sampled_from(["1", "2", "x", "9" * 30]), mostly(record_rows, json_values), max_size=3
    ).map(lambda table: dumps({"meta": {"1": {"schema": 1}}, "sessions": table})),
    st.dictionaries(st.sampled_from(["meta", "sessions", "other"]), json_values, max_size=3).map(dumps),
)


@FUZZ
@given(raw=outside_bytes(history_files))
def test_any_history_file_opens_and_damage_is_set_aside_untouched(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.json"
        path.write_bytes(raw)
        log = HistoryLog(path, now=T0)
        kept = list(Path(folder).glob("history.corrupt-*.json"))
        event("opened" if log.notice is None else "set aside")
        if log.notice is None:
            assert kept == [] and path.read_bytes() == raw  # reading never rewrites
            count = len(log.records())
        else:
            assert len(kept) == 1 and kept[0].read_bytes() == raw
            count = 0
        log.append(Record(**{**GOOD_ROW, "id": "fresh"}))
        log.close()
        reopened = HistoryLog(path)
        assert reopened.notice is None and len(reopened.records()) == count + 1
        reopened.close()


# -- session scripts from the user's folder ------------------------------------------------------


BUILTIN_SCRIPTS = [path.read_bytes() for path in sorted(BUILTIN_DIR.glob("*.toml"))]


def _mutate(text: bytes, mode: str, at: int, junk: bytes) -> bytes:
    """A real script, changed the way a person editing one by hand might change it."""
    at %= len(text) + 1
    if mode == "truncate":
        return text[:at]
    if mode == "insert":
        return text[:at] + junk + text[at:]
    if mode == "replace-line":
        lines = text.splitlines(keepends=True)
        lines[at % len(lines)] = junk + b"\n"
        return b"".join(lines)
    if mode == "rename":
        return text.replace(b'id = "', b'id = "my-', 1)  # a copy with its own id loads
    return text


script_files = st.builds(
    _mutate,
    st.sampled_from(BUILTIN_SCRIPTS),
    st.sampled_from(["keep", "rename", "truncate", "insert", "replace-line"]),
    st.integers(0, 10_000),
    st.binary(max_size=20)
    | st.sampled_from([b"lengths = [0]", b"silence = -1", b'pattern = "1-1-1"', b"[[steps]]"]),
)


@FUZZ
@given(files=st.lists(outside_bytes(script_files), min_size=1, max_size=3))
def test_any_user_script_folder_loads_or_lists_what_is_broken(files: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        user = Path(folder) / "sessions"
        user.mkdir()
        for n, raw in enumerate(files):
            (user / f"mine-{n}.toml").write_bytes(raw)
        library = load_library(Path(folder) / "none", user, voice_dir=VOICE_DIR)
        event("some loaded" if library.scripts else "all broken")
        assert len(library.scripts) + len(library.broken) == len(files)
        assert all(b.problems for b in library.broken)
        for script in library.scripts:  # what loads can be planned at every length it offers
            for minutes in script.lengths_min:
                guided_timeline(script, minutes, lambda path: 2.0)


def test_a_script_with_a_five_thousand_digit_number_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    # Regression: tomllib raises a plain ValueError (CPython's 4300-digit int limit), not TOMLDecodeError.
    user = tmp_path / "sessions"
    user.mkdir()
    (user / "big.toml").write_text('id = "big"\nlengths = [1' + "0" * 5000 + "]\n")
    library = load_library(tmp_path / "none", user, voice_dir=tmp_path)
    (broken,) = library.broken
    assert "not valid TOML" in broken.problems[0].message


# -- the single-instance request line ----------------------------------------------------------------

good_args = st.fixed_dictionaries(
    {},
    optional={
        "minutes": st.none() | st.floats(0.001, 180) | st.integers(1, 180),
        "pattern": st.none() | st.sampled_from(["box", "4-2-6", "resonance", "5-0-7.5"]),
        "session_id": st.none() | st.sampled_from(["breathing", "body-scan", "loving-kindness"]),
    },
)
odd_args = st.dictionaries(
    st.sampled_from(["minutes", "pattern", "session_id", "open_ended", "x"]),
    json_values | huge_ints | st.sampled_from(["box", "4-2-6", "a" * 65, 180, 180.0001, 0.001]),
    max_size=4,
)
request_objects = st.one_of(
    st.fixed_dictionaries({"command": st.just("start"), "args": good_args}),
    st.fixed_dictionaries(
        {
            "command": st.just("pacer"),
            "args": good_args.map(lambda a: {k: a[k] for k in a if k != "session_id"}),
        }
    ),
    st.fixed_dictionaries({"command": st.sampled_from(["history", "settings", "window"])}),
    st.fixed_dictionaries(
        {"command": st.sampled_from([*ARGUMENTS, "nope", ""]) | json_values},
        optional={"args": odd_args | json_values, "extra": json_values},
    ),
).map(dumps)


@FUZZ
@given(line=outside_bytes(request_objects))
def test_any_request_line_is_a_checked_command_or_a_protocol_error(line: bytes) -> None:
    try:
        request = parse_request(line)
    except ProtocolError as exc:
        assert str(exc)
        event("refused")
        return
    event("a command")
    assert isinstance(request, Command) and request.name in WIRE_NAMES and not request.once
    minutes = request.minutes
    assert minutes is None or (type(minutes) is float and 0 < minutes <= MAX_MINUTES)
    # "write" without a practice opens Write and read: its id is the one that may be empty.
    assert 0 < len(request.session_id) <= 64 or (request.name == "write" and request.session_id == "")
    if request.pattern is not None:
        parse_pattern(request.pattern)  # only patterns that parse get through


def test_a_line_past_the_limit_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(ProtocolError, match="too long"):
        parse_request(b"[" * (MAX_LINE + 1))


@pytest.mark.parametrize("minutes", ["1" + "0" * 400, "-" + "1" + "0" * 400])
def test_minutes_too_big_for_a_float_are_refused_not_raised(minutes: str) -> None:
    # Regression: math.isfinite(10**400) raises OverflowError, which escaped parse_request.
    with pytest.raises(ProtocolError, match="minutes"):
        parse_request(b'{"command": "pacer", "args": {"minutes": %s}}' % minutes.encode())


# -- the recordings index ------------------------------------------------------------------------------

GOOD_ENTRY: dict[str, Any] = {
    "id": "0123456789abcdef",
    "file": "talk.ogg",
    "title": "Talk",
    "artist": "",
    "sha256": "f" * 64,
    "added_at": "2025-01-02T07:00:00+00:00",
    "kind": None,
}
odd_entry_values = {
    "file": st.sampled_from(["../escape.ogg", "/etc/passwd", "", ".", "a/b.ogg"]) | json_values,
    "duration_s": st.sampled_from([-1, 10**400]) | st.floats() | json_values,
    "captions": st.lists(st.tuples(st.floats() | huge_ints | json_values, st.text(max_size=10)), max_size=3)
    | json_values,
}
entries = st.builds(
    lambda duration, captions, changes: {
        **GOOD_ENTRY,
        "duration_s": duration,
        "captions": captions,
        **changes,
    },
    st.floats(0, 7200),
    st.lists(st.tuples(st.floats(0, 7200), st.text(max_size=10)).map(list), max_size=3),
    mostly(
        st.just({}),
        st.sampled_from([*GOOD_ENTRY, "duration_s", "captions"]).flatmap(
            lambda key: odd_entry_values.get(key, json_values).map(lambda v: {key: v})
        ),
    ),
)
index_files = st.fixed_dictionaries(
    {"schema": mostly(st.just(1), st.sampled_from([2, "1"])), "recordings": st.lists(entries, max_size=3)}
).map(dumps)


@FUZZ
@given(raw=outside_bytes(index_files))
def test_any_recordings_index_lists_sane_recordings_or_says_it_is_damaged(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        library = Path(folder) / "recordings"
        library.mkdir()
        (library / INDEX_NAME).write_bytes(raw)
        try:
            recordings = list_recordings(library)
        except LibraryError as exc:
            assert INDEX_NAME in str(exc) and "left as it is" in str(exc)
            recordings = []
        event(f"{len(recordings)} recordings listed" if recordings else "refused or empty")
        assert (library / INDEX_NAME).read_bytes() == raw  # never rewritten, never moved
    for recording in recordings:
        assert recording.path.parent == library
        assert math.isfinite(recording.duration_s) and recording.duration_s >= 0
        assert all(math.isfinite(c.start_s) and c.start_s >= 0 for c in recording.captions)


@pytest.mark.parametrize("text", NASTY_TEXTS[:4])
def test_nasty_json_everywhere_is_a_clear_error(tmp_path: Path, text: str) -> None:
    # Regressions: deep nesting (RecursionError) and huge integers (OverflowError, or ValueError past
    # 4300 digits) escaped the settings, history, import and recordings readers.
    doc = text if text.startswith(("[", "{")) else f'{{"minutes": {text}, "voice_volume": {text}}}'
    (tmp_path / "settings.json").write_text(doc)
    assert isinstance(load_settings(tmp_path / "settings.json")[0], Settings)
    row = json.dumps({**GOOD_ROW, "practiced_seconds": "X"}).replace('"X"', text)
    for body in (doc, f'{{"sessions": {{"1": {row}}}}}'):
        (tmp_path / "history.json").write_text(body)
        log = HistoryLog(tmp_path / "history.json", now=T0)
        assert log.notice is not None and log.records() == []
        log.close()
    (tmp_path / "in.json").write_text(doc if doc.startswith("[") else f"[{row}]")
    with pytest.raises(ExchangeError):
        read_file(tmp_path / "in.json")
    (tmp_path / "recordings").mkdir(exist_ok=True)
    index = f'{{"schema": 1, "recordings": [{{"duration_s": {text}}}]}}'
    (tmp_path / "recordings" / INDEX_NAME).write_text(doc if doc.startswith("[") else index)
    with pytest.raises(LibraryError):
        list_recordings(tmp_path / "recordings")
