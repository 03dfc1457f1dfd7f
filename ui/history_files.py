"""The history window's files: export the log, and import with a preview (issue 14 #13)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QFileDialog, QWidget

from sessions.exchange import ExchangeError, export_file
from sessions.history import HistoryError, HistoryLog
from sessions.import_plan import ImportPlan, apply_plan, plan_import
from ui.import_preview import ImportPreview


class HistoryFiles:
    """Export and import for :class:`ui.history_window.HistoryWindow` (mixed into it).

    It reads and writes through the window's log, and says what happened in its message bar.
    """

    log: HistoryLog
    import_preview: ImportPreview | None

    if TYPE_CHECKING:  # provided by the window

        def show_message(self, text: str, *, undo: bool = False) -> None: ...
        def refresh(self) -> None: ...
        def today(self) -> date: ...

    def _widget(self) -> QWidget:
        return cast(QWidget, self)

    def _start_folder(self) -> Path:
        documents = Path.home() / "Documents"
        return documents if documents.is_dir() else Path.home()

    def export_dialog(self) -> None:
        default = self._start_folder() / f"kindly-practice-{self.today().isoformat()}.csv"
        name, chosen = QFileDialog.getSaveFileName(
            self._widget(), "Export your practice log", str(default), "CSV spreadsheet (*.csv);;JSON (*.json)"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".json"):
            path = path.with_name(path.name + (".json" if "json" in chosen.lower() else ".csv"))
        self.export_to(path)

    def export_to(self, path: Path) -> bool:
        try:
            count = export_file(self.log.records(), path)
        except (ExchangeError, HistoryError) as exc:
            self.show_message(f"Nothing was saved. {exc}")
            return False
        self.show_message(f"Saved {count} session{'s' if count != 1 else ''} to {path.name}.")
        return True

    def import_dialog(self) -> None:
        name, _chosen = QFileDialog.getOpenFileName(
            self._widget(),
            "Import sessions",
            str(self._start_folder()),
            "Kindly exports and tables of sessions (*.csv *.json);;All files (*)",
        )
        if name:
            self.import_from(Path(name))

    def import_from(self, path: Path) -> ImportPreview | None:
        """Read ``path`` and show what importing it would add (and what can't be read); the log
        changes only when the person says yes in the preview (issue 14 #13)."""
        try:
            plan = plan_import(path, self.log.records())
        except (ExchangeError, HistoryError) as exc:
            self.show_message(f"Nothing was imported. {exc}")
            return None
        preview = ImportPreview(plan, self._widget())
        preview.accepted.connect(lambda: self._apply_import(plan))
        preview.finished.connect(preview.deleteLater)
        self.import_preview = preview
        preview.open()
        return preview

    def _apply_import(self, plan: ImportPlan) -> None:
        try:
            result = apply_plan(self.log, plan)
        except HistoryError as exc:
            self.show_message(f"Nothing was imported. {exc}")
            return
        self.refresh()
        self.show_message(result.message())


__all__ = ["HistoryFiles"]
