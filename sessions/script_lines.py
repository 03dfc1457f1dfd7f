"""Where things are in a script's TOML text: the line of a key or of a step (tomllib gives none)."""

from __future__ import annotations

import re


class Locator:
    """Finds the line of a key or of the N-th ``[[steps]]`` by scanning the text (tomllib gives none)."""

    _KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
    _STEPS = re.compile(r"^\s*\[\[\s*steps\s*\]\]")
    _TABLE = re.compile(r"^\s*\[\s*([^\[\]]*?)\s*\]")

    def __init__(self, text: str) -> None:
        self.top: dict[str, int] = {}
        self.headers: list[int] = []
        self.step_keys: list[dict[str, int]] = []
        self.tables: dict[str, int] = {}
        self.repeated: list[int] = []
        """Lines that set a key already set above in the same table (tomllib names no line)."""
        keys: dict[str, int] | None = self.top
        in_string: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                # Skip the body of a multi-line string: a "[[steps]]" inside it is just text.
                if in_string in line:
                    in_string = None
                continue
            if self._STEPS.match(line):
                self.headers.append(lineno)
                keys = {}
                self.step_keys.append(keys)
            elif line.lstrip().startswith("["):
                if table := self._TABLE.match(line):
                    self.tables.setdefault(table.group(1), lineno)
                keys = None
            elif keys is not None and (m := self._KEY.match(line)):
                name = next(g for g in m.groups() if g is not None)
                if name in keys:
                    self.repeated.append(lineno)
                keys.setdefault(name, lineno)
            for delim in ('"""', "'''"):
                if line.count(delim) % 2 == 1:
                    in_string = delim
                    break

    def key(self, name: str) -> int | None:
        return self.top.get(name)

    def step(self, index: int, name: str | None = None) -> int | None:
        """The line of step ``index`` (0-based), or of its key ``name`` when that can be found."""
        if index < len(self.headers):
            if name is not None and name in self.step_keys[index]:
                return self.step_keys[index][name]
            return self.headers[index]
        return self.top.get("steps")  # steps written as an inline array
