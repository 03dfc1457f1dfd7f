"""Hypothesis strategies for input from outside Kindly: random bytes, odd JSON, and known nasties."""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Every fuzz test is bounded (the whole folder runs in well under a minute) and has no deadline:
#: a slow example on a busy CI machine is not a bug. ``KINDLY_FUZZ_EXAMPLES=5000`` digs deeper locally.
FUZZ = settings(
    max_examples=int(os.environ.get("KINDLY_FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: Things that have broken parsers before: nesting deeper than Python's recursion limit, integers too
#: big for a float (OverflowError) or for CPython's int-from-text limit (ValueError, 4300 digits), the
#: non-standard JSON numbers Python accepts, a byte-order mark, NUL, lone surrogates written as escapes.
NASTY_TEXTS: tuple[str, ...] = (
    "[" * 3000,  # past the recursion limit (1000), small enough for Hypothesis to print
    '{"a":' * 2000,
    "1" + "0" * 400,
    "1" + "0" * 5000,
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-0",
    "\ufeff{}",
    '{"\\u0000": "\\ud800"}',
    '"\\udfff"',
    "",
    " ",
    "null",
    "[]",
    "{}",
)

huge_ints = st.sampled_from([10**308, 10**309, 10**400, -(10**400), 2**1024, 2**63, -(2**63)])
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | huge_ints
    | st.floats()  # NaN and ±inf included: json.dumps writes them and json.loads reads them back
    | st.text(max_size=40)
)
json_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def dumps(value: Any) -> bytes:
    """``value`` as JSON bytes, the way another program might have written it (NaN and all)."""
    return json.dumps(value).encode("utf-8")


def outside_bytes(*structured: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Random bytes, random JSON and the nasties (half the time), or the well-aimed shapes the caller adds."""
    noise = [
        st.binary(max_size=400),
        json_values.map(dumps),
        st.sampled_from(NASTY_TEXTS).map(lambda t: t.encode("utf-8")),
    ]
    if not structured:
        return st.one_of(*noise)
    # Half noise, half shapes (one_of would fold repeated branches, so weigh with a coin instead).
    return st.booleans().flatmap(lambda aimed: st.one_of(*structured) if aimed else st.one_of(*noise))
