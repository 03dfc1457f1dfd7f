"""Short reads: our words, one screen each, and every read a course day names is there."""

from __future__ import annotations

from sessions.course import BUILTIN_COURSE_DIR, build_course
from sessions.reads import MAX_WORDS, load_reads

#: What each read must name (the article's points), in plain words.
MUST_SAY = {
    "what-it-is": ("Mindfulness", "Common humanity", "Self-kindness"),
    "what-it-isnt": ("self-pity", "self-indulgence", "self-esteem"),
    "why-it-helps": ("threatened", "calming"),
    "when-kindness-stings": ("warming cold hands", "not a failure"),
    "reaching-out": ("trauma", "critic", "emergency"),
}


def test_each_read_is_one_screen_and_says_what_it_must() -> None:
    reads = {r.id: r for r in load_reads()}
    assert set(reads) == set(MUST_SAY)
    for read_id, phrases in MUST_SAY.items():
        read = reads[read_id]
        assert len(read.body.split()) <= MAX_WORDS, read_id
        for phrase in phrases:
            assert phrase in read.body, (read_id, phrase)
        assert "you should" not in read.body.lower() and "you will feel" not in read.body.lower()


def test_the_course_names_only_reads_that_exist() -> None:
    known = {r.id for r in load_reads()}
    course, problems = build_course(BUILTIN_COURSE_DIR / "ten-kind-days.toml", known_reads=known)
    assert course is not None and problems == []
    assert {d.read for d in course.days if d.read} <= known
