"""The command line, run as a person would: a real process, real files, a real trace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kindly(
    *args: str, data: Path, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env or dict(os.environ),
        check=False,
    )


@pytest.mark.slow
def test_a_quarter_minute_box_session_is_one_whole_breath_traced_and_logged(tmp_path: Path) -> None:
    trace = tmp_path / "t.jsonl"
    result = kindly(
        "start", "breathing", "--pattern", "box", "--minutes", "0.25", "--once", "--trace", str(trace),
        data=tmp_path / "data",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in trace.read_text().splitlines()]
    phases = [(c["name"], c["due"]) for c in lines if c["cue"] == "phase"]
    assert phases == [("Breathe in", 0.0), ("Hold", 4.0), ("Breathe out", 8.0), ("Rest", 12.0)]
    (end,) = [c for c in lines if c["cue"] == "end"]
    assert end["due"] == 16.0  # a quarter minute is nearest one whole 16-second breath: never cut short
    for cue in lines:
        assert set(cue) == {"cue", "name", "due", "at"}
        assert cue["at"] >= cue["due"] - 0.002, cue  # never drawn before it is due
    history = json.loads((tmp_path / "data" / "history.json").read_text())
    (record,) = history["sessions"].values()
    assert record["completed"] is True and record["pattern"] == "box"
    assert record["planned_seconds"] == 16.0 and record["practiced_seconds"] == 16.0
    assert (tmp_path / "data" / "history.json").stat().st_mode & 0o777 == 0o600


def test_list_json(tmp_path: Path) -> None:
    result = kindly("list", "--json", data=tmp_path)
    assert result.returncode == 0
    listing = json.loads(result.stdout)
    assert [p["id"] for p in listing["patterns"]] == ["box", "4-7-8", "resonance", "4-6", "sigh"]
    lengths = {s["id"]: s["lengths"] for s in listing["sessions"]}
    assert lengths == {
        "affectionate-breathing": [5, 10, 20],
        "body-scan": [5, 10, 20, 45],
        "breathing": [1, 3, 5, 10],
        "compassionate-friend": [10, 15],
        "compassionate-walking": [3, 5, 10],
        "giving-receiving": [10, 20],
        "hand-on-heart": [1, 2, 3],
        "kind-noting": [5, 10],
        "loving-kindness": [5, 10, 20],
        "self-compassion-break": [3, 5],
        "self-compassion-break-mistake": [3, 5],
        "soften-soothe-allow": [5, 10, 15],
        "soles-of-the-feet": [1, 3],
        "timer": [5, 10, 15, 20, 30, 45, 60],
    }
    spoken = [s for s in listing["sessions"] if s["kind"] not in ("breathing", "timer")]
    assert len(spoken) >= 12, "issue 15: at least twelve spoken practices"
    assert listing["broken"] == []
    assert not (tmp_path / "history.json").exists()  # listing writes nothing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["start", "breathing", "--pattern", "fast"], "'fast' is not a breathing pattern"),
        (["start", "breathing", "--pattern", "1-0-1"], "at least 4 s"),
        (["start", "breathing", "--minutes", "soon"], "'soon' is not a number of minutes"),
        (["start", "breathing", "--minutes", "-2"], "minutes must be more than 0"),
        (["start", "nowhere"], "there is no session 'nowhere'"),
        (["pacer", "--pattern", "4-4"], "'4-4' is not a breathing pattern"),
        (["dance"], "invalid choice"),
    ],
)
def test_mistakes_get_one_clear_line_and_exit_1(tmp_path: Path, args: list[str], message: str) -> None:
    result = kindly(*args, data=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unwritable_trace_path_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "t.jsonl"
    args = ["start", "breathing", "--minutes", "0.1", "--once", "--trace", str(missing)]
    result = kindly(*args, data=tmp_path / "d")
    assert result.returncode == 1
    assert "No such file or directory" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "assets" / "sessions").glob("*.toml")))
def test_check_passes_the_builtin_scripts(tmp_path: Path, name: str) -> None:
    result = kindly("check", str(ROOT / "assets" / "sessions" / f"{name}.toml"), data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "looks good" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id = 'x\n", "mine.toml:1"),
        (b'id = "mine"\ntitle = "T"\nkind = "custom"\nlengths = [-5]\n', "field 'lengths'"),
        (b'id = "mine"\ntitle = "T"\nkind = "custom"\nlengths = [5]\n', "field 'steps'"),
        (
            b'id = "mine"\ntitle = "T"\nkind = "custom"\nlengths = [5]\n'
            b'[[steps]]\ntext = "Hi"\npattern = "fast"\n',
            "step 1, field 'pattern'",
        ),
        (b"\xff\xfe\x00\x01", "UTF-8"),
        (
            b'id = "mine"\ntitle = "T"\nkind = "custom"\ngroup = "sleep"\nlengths = [5]\n'
            b'[[steps]]\ntext = "Hi"\n',
            "mine.toml:4: field 'group': must be one of hard-moment, settle, kindness, body, breathing",
        ),
        (
            b'id = "mine"\ntitle = "T"\nkind = "custom"\nlengths = [5]\n'
            b'[[steps]]\ntext = "Hi"\nuntil_minutes = 5\n',
            "mine.toml:7: step 1, field 'until_minutes': until_minutes = 5 is not above any offered length",
        ),
        (
            b'id = "mine"\ntitle = "T"\nkind = "custom"\nlengths = [5]\n'
            b'[[steps]]\ntext = "Hi"\nrest = "yes"\n',
            "mine.toml:7: step 1, field 'rest': must be true or false",
        ),
    ],
)
def test_check_reports_problems_with_their_place(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_bytes(content)
    result = kindly("check", str(path), data=tmp_path)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_user_script_in_the_data_folder_is_listed(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    (sessions / "mine.toml").write_text(
        'id = "mine"\ntitle = "Mine"\nkind = "custom"\nlengths = [2]\n'
        '[[steps]]\ntext = "Hi."\nvoice = false\n'
    )
    (sessions / "bad.toml").write_text("nonsense")
    listing = json.loads(kindly("list", "--json", data=tmp_path).stdout)
    assert "mine" in [s["id"] for s in listing["sessions"]]
    assert [b["file"].endswith("bad.toml") for b in listing["broken"]] == [True]


@pytest.mark.slow
def test_sigterm_ends_the_app_gracefully_and_keeps_practice(tmp_path: Path) -> None:
    """A logout or `kill` ends Kindly at once (SDL must not swallow it), keeping a long enough session."""
    import signal
    import time

    env = dict(os.environ, KINDLY_REPORT_READY="1")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "pacer", "--minutes", "5"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    for line in proc.stderr:  # the app says when its window is up and the session running
        if line.startswith("kindly-ready"):
            break
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert time.monotonic() - started < 10
    assert "Traceback" not in err
    history = tmp_path / "history.json"
    assert not history.exists() or '"sessions":{}' in history.read_text()  # under a minute: not kept


@pytest.mark.slow
def test_start_up_loads_no_library_it_does_not_need(tmp_path: Path) -> None:
    """The app starts without QtNetwork, QtSvg or OpenSSL's libcrypto (measured: ~7 MB and ~20 ms)."""
    env = dict(os.environ, KINDLY_REPORT_READY="1", SDL_AUDIODRIVER="dummy")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if line.startswith("kindly-ready"):  # the main window is up, with the session library
                break
        maps = Path(f"/proc/{proc.pid}/maps").read_text()
    finally:
        proc.terminate()
        proc.communicate(timeout=15)
    for library in ("libQt6Network", "libQt6Svg", "libcrypto"):
        assert library not in maps, f"{library} was loaded at start-up"
    assert "libQt6Widgets" in maps  # the check itself reads the right process


#: Said at "ready" by the launch below: which Qt classes Python has met by then. PySide makes a
#: class (and its enumerations) the first time Python meets it, all at once.
_CLASSES_MET = """
import sys
import ui.cli as cli

said = cli._report

def report(what):
    if what == "kindly-ready":
        import PySide6.QtGui as gui, PySide6.QtWidgets as widgets
        names = ("QListWidget", "QStyle", "QTabBar", "QMessageBox", "QWizard")
        met = [n for n in names if n in vars(widgets)] + [n for n in ("QKeyEvent",) if n in vars(gui)]
        print("kindly-met", *met, file=sys.stderr)
        later = ("ui.app", "ui.practices", "ui.controller", "ui.tray", "ui.dbus", "sessions.events")
        print("kindly-loaded", *[name for name in later if name in sys.modules], file=sys.stderr)
    said(what)

cli._report = report
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_the_first_window_loads_and_makes_only_what_it_uses(tmp_path: Path) -> None:
    """Before the first paint (bench/startup.py): none of the app beyond the window is imported
    (ui/first_window.py: the practices, the tray, the desktop's services come after); Python never
    meets a widget Qt made itself (PySide would identify it by making every widget class it has:
    QTabBar, QMessageBox, QWizard …, 15 ms) nor QStyle (9 ms of enumerations); key events are only
    named for the type checker."""
    env = dict(os.environ, KINDLY_REPORT_READY="quit", SDL_AUDIODRIVER="dummy")
    result = subprocess.run(
        [sys.executable, "-c", _CLASSES_MET, "--data-dir", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("kindly-met")]
    assert line.split()[1:] == ["QListWidget"]  # the library's list is there; nothing else is
    (loaded,) = [line for line in result.stderr.splitlines() if line.startswith("kindly-loaded")]
    assert loaded.split()[1:] == []
    assert result.stderr.index("kindly-ready") < result.stderr.index("kindly-tray")


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("KINDLY_TRAY_HOST"), reason="needs a tray host (tools/xsession.py)")
def test_a_plain_launch_paints_its_window_before_the_tray_and_keeps_the_scripts_cache(
    tmp_path: Path,
) -> None:
    """Window first (DESIGN §10): "ready" (the main window painted) is said before the tray icon is
    up; the built-in scripts are then in the cache folder for the next launch."""
    cache = tmp_path / "cache"
    env = dict(os.environ, KINDLY_REPORT_READY="quit", KINDLY_CACHE=str(cache), SDL_AUDIODRIVER="dummy")
    result = kindly(data=tmp_path / "data", env=env)
    assert result.returncode == 0, result.stderr
    said = [line.split()[0] for line in result.stderr.splitlines() if line.startswith("kindly-")]
    assert said == ["kindly-ready", "kindly-tray"], result.stderr
    assert [p.suffix for p in cache.iterdir()] == [".pickle"]


def test_the_committed_icon_pngs_match_their_svgs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render_icons.py"), "--check"],
        capture_output=True, text=True, timeout=60, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"run tools/render_icons.py: {result.stdout}{result.stderr}"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("start", "breathing", "--pattern", ""), "the pattern is empty"),
        (("pacer", "--pattern", "   "), "the pattern is empty"),
        (("pacer", "--pattern", "4-2-6-2-9"), "is not a breathing pattern"),
        (("start", "breathing", "--pattern", "box/../x"), "is not a breathing pattern"),
    ],
)
def test_a_bad_pattern_gets_the_parsers_message_not_a_traceback(
    args: tuple[str, ...], said: str, tmp_path: Path
) -> None:
    # Regression (issue 13): the hand-off check ran before the pattern parser, and an empty
    # pattern died with a ProtocolError traceback. Now the one Command parser says why, once.
    result = kindly(*args, data=tmp_path / "data")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("kindly: ") and said in line


@pytest.mark.parametrize("args", [("list",), ("list", "--json"), ("stats",)])
def test_a_closed_pipe_is_quiet(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Issue 14 #14: `main.py list | head` printed "kindly: Broken pipe"."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader has gone, as `head` goes after its lines
    stderr = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    assert stderr == ""
    assert process.returncode == 0


@pytest.mark.slow
def test_a_short_silent_sit_rings_its_bells_on_time_and_logs_only_the_sit(tmp_path: Path) -> None:
    trace = tmp_path / "t.jsonl"
    result = kindly(
        "start", "timer", "--minutes", "0.25", "--delay", "3", "--moments", "0.1,0.2", "--once",
        "--trace", str(trace), data=tmp_path / "data",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    cues = [json.loads(line) for line in trace.read_text().splitlines()]
    rung = [(c["due"], c["at"]) for c in cues if c["cue"] == "bell"]
    assert [due for due, _ in rung] == [3.0, 9.0, 15.0, 18.0]  # begin, at 6 s and 12 s, and the end bell
    assert all(abs(at - due) < 0.05 for due, at in rung), rung
    (record,) = json.loads((tmp_path / "data" / "history.json").read_text())["sessions"].values()
    assert record["session_id"] == "timer" and record["kind"] == "timer"
    assert record["practiced_seconds"] == 15.0 and record["planned_seconds"] == 15.0, (
        "the settling is not practice"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--minutes", "3", "--interval", "3"), "would never ring"),
        (("--minutes", "1", "--delay", "90"), "longer than the sit"),
        (("--minutes", "180", "--interval", "0.5"), "more than 200 bells"),
        (("--minutes", "5", "--bell", "/nonexistent/ding.ogg"), "that bell can't ring"),
        (("--minutes", "5", "--moments", "a,b"), "list of minutes"),
    ],
)
def test_a_timer_that_cannot_be_gets_one_line(args: tuple[str, ...], said: str, tmp_path: Path) -> None:
    result = kindly("start", "timer", *args, data=tmp_path / "data")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert said in line


@pytest.mark.slow
def test_counted_breaths_end_after_exactly_that_many(tmp_path: Path) -> None:
    trace = tmp_path / "t.jsonl"
    result = kindly(
        "start", "breathing", "--pattern", "4-6", "--breaths", "2", "--once", "--trace", str(trace),
        data=tmp_path / "data",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    cues = [json.loads(line) for line in trace.read_text().splitlines()]
    phases = [(c["name"], c["due"]) for c in cues if c["cue"] == "phase"]
    assert phases == [("Breathe in", 0.0), ("Breathe out", 4.0), ("Breathe in", 10.0), ("Breathe out", 14.0)]
    (end,) = [c for c in cues if c["cue"] == "end"]
    assert end["due"] == 20.0, "it ends as the second breath out ends"


def test_check_warns_of_sparse_guidance_but_passes(tmp_path: Path) -> None:
    path = tmp_path / "sparse.toml"
    path.write_text(
        'id = "sparse"\ntitle = "Sparse"\nkind = "custom"\nlengths = [5]\n'
        '[[steps]]\ntext = "Hi."\nvoice = false\n'
    )
    result = kindly("check", str(path), data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "sparse.toml:4: field 'lengths': warning: at 5 min: speech is 0% of the time" in result.stdout
    assert "warning: at 5 min: a silence of 5 min 0 s in step 1 (from 0:00)" in result.stdout


@pytest.mark.slow
def test_a_saved_pattern_is_listed_and_started_by_its_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(
        json.dumps(
            {"patterns": [{"name": "Evening 4-2-7", "spec": "4-2-7"}, {"name": "Box", "spec": "4-2-6"}]}
        )
    )
    listing = json.loads(kindly("list", "--json", data=data).stdout)
    saved = [p for p in listing["patterns"] if p.get("saved")]
    assert saved == [
        {"id": "4-2-7", "title": "Evening 4-2-7", "phases": "4-2-7", "cycle_seconds": 13.0, "saved": True}
    ]
    trace = tmp_path / "t.jsonl"
    result = kindly(
        "start", "breathing", "--pattern", "evening 4-2-7", "--breaths", "1", "--once", "--trace", str(trace),
        data=data,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (end,) = [json.loads(line) for line in trace.read_text().splitlines() if '"end"' in line]
    assert end["due"] == 13.0  # one whole breath of 4 in, 2 hold, 7 out
    (record,) = json.loads((data / "history.json").read_text())["sessions"].values()
    assert record["title"] == "Evening 4-2-7" and record["pattern"] == "4-2-7"
    refused = kindly("start", "breathing", "--pattern", "Morning 5-5", "--minutes", "1", data=data)
    assert refused.returncode == 1 and "not a breathing pattern" in refused.stderr


@pytest.mark.parametrize(
    ("argv", "plain"),
    [
        ([], True),
        (["--data-dir", "/d"], True),
        (["--data-dir=/d", "--background", "--trace", "t.jsonl"], True),
        (["--background=yes"], False),  # refused by the full parser, as before
        (["--data-dir"], False),  # a missing value: the full parser says so
        (["--data"], False),  # an abbreviation: left to argparse
        (["--version"], False),
        (["-h"], False),
        (["list"], False),
        (["--data-dir", "/d", "history"], False),
    ],
)
def test_a_plain_launch_is_parsed_without_the_commands_and_means_the_same(
    argv: list[str], plain: bool
) -> None:
    from ui.cli import build_parser, is_plain_launch

    assert is_plain_launch(argv) is plain
    if plain:
        assert build_parser(commands=False).parse_args(argv) == build_parser().parse_args(argv)


def test_version_is_printed_to_stdout(tmp_path: Path) -> None:
    result = kindly("--version", data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("kindly 0.")


@pytest.mark.parametrize("argv", [["list", "--json"], ["start", "no-such-session"], ["--no-such-option"]])
def test_the_garbage_collector_is_back_on_after_any_command(
    tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """main() turns the cyclic collector off for start-up; whatever happens, it is on again after."""
    import gc

    from ui.cli import main

    assert gc.isenabled()
    main(["--data-dir", str(tmp_path), *argv])
    capsys.readouterr()
    assert gc.isenabled()
