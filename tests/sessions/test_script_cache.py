"""The cache of the built-in scripts (sessions/script_cache.py): the same library as a fresh build,
rebuilt whenever anything it was built from changes, and never trusted when it cannot be read."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sessions import script_cache
from sessions.library import BUILTIN_DIR, VOICE_DIR, load_builtin_library
from sessions.script_cache import cache_file, cached_folder
from sessions.scripts import FolderScripts, read_folder

SCRIPT = "hand-on-heart.toml"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A scripts folder with one built-in script, and a voice folder with exactly its voice files."""
    scripts, voice = tmp_path / "sessions", tmp_path / "voice"
    scripts.mkdir()
    voice.mkdir()
    shutil.copy2(BUILTIN_DIR / SCRIPT, scripts / SCRIPT)
    built = read_folder(scripts, builtin=True, voice_dir=VOICE_DIR)
    script = built.built[0][1]
    assert script is not None
    for step in script.steps:
        if step.voice_file is not None and step.voice_file.parent == VOICE_DIR:
            shutil.copy2(step.voice_file, voice / step.voice_file.name)
    return scripts, voice


def _no_build(*_args: object, **_kwargs: object) -> FolderScripts:
    raise AssertionError("the folder was built again although nothing changed")


def test_the_cached_library_is_the_freshly_built_one(tmp_path: Path) -> None:
    fresh = load_builtin_library(None)
    first = load_builtin_library(None, cache_dir=tmp_path)  # builds and writes the cache
    again = load_builtin_library(None, cache_dir=tmp_path)  # reads it
    assert first == fresh
    assert again == fresh
    assert [s.warnings for s in again.scripts] == [s.warnings for s in fresh.scripts]
    assert len(fresh.scripts) >= 13
    assert cache_file(tmp_path, BUILTIN_DIR).is_file()


def test_an_unchanged_folder_is_read_from_the_cache(
    folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts, voice = folders
    built = cached_folder(scripts, voice_dir=voice, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(script_cache, "read_folder", _no_build)
    assert cached_folder(scripts, voice_dir=voice, cache_dir=tmp_path / "cache") == built


def test_a_changed_script_is_built_again(folders: tuple[Path, Path], tmp_path: Path) -> None:
    scripts, voice = folders
    cache = tmp_path / "cache"
    before = cached_folder(scripts, voice_dir=voice, cache_dir=cache).built[0][1]
    assert before is not None
    path = scripts / SCRIPT
    stat = path.stat()
    text = path.read_text("utf-8").replace(f'title = "{before.title}"', 'title = "Hand on heart, again"')
    path.write_text(text, "utf-8")
    # Even with its old modification time, the new size gives it away (and the other way round).
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = cached_folder(scripts, voice_dir=voice, cache_dir=cache).built[0][1]
    assert after is not None
    assert after.title == "Hand on heart, again"


def test_a_new_script_and_a_removed_one_are_seen(folders: tuple[Path, Path], tmp_path: Path) -> None:
    scripts, voice = folders
    cache = tmp_path / "cache"
    cached_folder(scripts, voice_dir=voice, cache_dir=cache)
    shutil.copy2(BUILTIN_DIR / "breathing.toml", scripts / "breathing.toml")
    names = [p.name for p, _, _ in cached_folder(scripts, voice_dir=voice, cache_dir=cache).built]
    assert names == ["breathing.toml", SCRIPT]
    (scripts / SCRIPT).unlink()
    names = [p.name for p, _, _ in cached_folder(scripts, voice_dir=voice, cache_dir=cache).built]
    assert names == ["breathing.toml"]


def test_a_voice_file_taken_away_breaks_the_script_even_when_cached(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    scripts, voice = folders
    cache = tmp_path / "cache"
    _path, script, problems = cached_folder(scripts, voice_dir=voice, cache_dir=cache).built[0]
    assert script is not None, problems
    next(voice.glob("*.ogg")).unlink()
    _path, script, problems = cached_folder(scripts, voice_dir=voice, cache_dir=cache).built[0]
    assert script is None
    assert any("no rendered voice" in p.message for p in problems)


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle at all", b"\x80\x05\x95\xff\xff\xff", pickle.dumps(("another key", "x"))],
    ids=["empty", "text", "truncated", "foreign"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    folders: tuple[Path, Path], tmp_path: Path, damage: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts, voice = folders
    cache = tmp_path / "cache"
    fresh = read_folder(scripts, builtin=True, voice_dir=voice)
    cache.mkdir()
    cache_file(cache, scripts).write_bytes(damage)
    assert cached_folder(scripts, voice_dir=voice, cache_dir=cache) == fresh
    # Written again, whole: the next launch reads it without building anything.
    monkeypatch.setattr(script_cache, "read_folder", _no_build)
    assert cached_folder(scripts, voice_dir=voice, cache_dir=cache) == fresh


def test_a_cache_that_cannot_be_written_still_gives_the_scripts(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    scripts, voice = folders
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    fresh = read_folder(scripts, builtin=True, voice_dir=voice)
    assert cached_folder(scripts, voice_dir=voice, cache_dir=blocked) == fresh


def test_user_scripts_are_never_cached(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    cache = tmp_path / "cache"
    load_builtin_library(user, cache_dir=cache)
    (user / "mine.toml").write_text('id = "mine"\n', "utf-8")  # broken: no title, no steps
    library = load_builtin_library(user, cache_dir=cache)
    assert [b.path.name for b in library.broken] == ["mine.toml"]
    assert [p.name for p in cache.iterdir()] == [cache_file(cache, BUILTIN_DIR).name]


def test_a_launch_that_reads_the_cache_loads_no_checker_and_sees_the_same_key(tmp_path: Path) -> None:
    """The key must not depend on which modules happen to be loaded (a launch reading the cache has
    not loaded the checker; the launch that wrote it had), or the cache would never be read."""
    child = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from sessions.library import BUILTIN_DIR, VOICE_DIR, load_builtin_library
        from sessions.script_cache import cache_key
        before = cache_key(BUILTIN_DIR, VOICE_DIR)
        library = load_builtin_library(None, cache_dir=Path({str(tmp_path)!r}))
        print(len(library.scripts), "sessions.script_check" in sys.modules)
        import sessions.scripts
        print(before == cache_key(BUILTIN_DIR, VOICE_DIR))
        """
    )
    run = [sys.executable, "-c", child]
    root = str(Path(__file__).resolve().parents[2])
    count = str(len(load_builtin_library(None).scripts))
    first = subprocess.run(run, capture_output=True, text=True, check=True, cwd=root)
    assert first.stdout.split() == [count, "True", "True"], first.stderr  # built, so checked
    second = subprocess.run(run, capture_output=True, text=True, check=True, cwd=root)
    assert second.stdout.split() == [count, "False", "True"], second.stderr  # read from the cache
