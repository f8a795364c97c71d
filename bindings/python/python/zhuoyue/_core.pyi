"""Type stub of the native module (checked against it by ``python -m mypy.stubtest``)."""

from typing import Any, Optional, final

__all__ = ["ERROR_CLASSES", "ERROR_CODES", "Engine", "__version__", "MAX_INPUT_BYTES", "MAX_ITEMS", "MAX_NOTES", "MAX_TEXT_CHARS", "_panic_for_test"]

MAX_INPUT_BYTES: int
MAX_ITEMS: int
MAX_NOTES: int
MAX_TEXT_CHARS: int
ERROR_CODES: list[str]
ERROR_CLASSES: list[tuple[str, str]]
__version__: str

def _panic_for_test() -> None: ...

@final
class Engine:
    def __init__(self) -> None: ...
    def add_framework(self, text: str, path: Optional[str] = None) -> str: ...
    def add_award(self, text: str, path: Optional[str] = None) -> str: ...
    def frameworks(self) -> Any: ...
    def awards(self) -> Any: ...
    def sectors(self) -> Any: ...
    def score(self, text: str, partial: bool = False, path: Optional[str] = None, from_data: bool = False) -> Any: ...
    def charts(
        self, text: str, partial: bool = False, path: Optional[str] = None, from_data: bool = False, lang: str = "zh"
    ) -> Any: ...
    def cohort_chart(self, summaries: str, framework: str = "gbt19580-2012", lang: str = "zh") -> str: ...
    def training(self, reference: tuple[str, str], trainees: list[tuple[str, str]], targets: Optional[str] = None) -> Any: ...
    def validate(self, text: str, partial: bool = False, path: Optional[str] = None, from_data: bool = False) -> Any: ...
    def suggest(self, framework: str, item: str, dimensions: list[tuple[str, int]]) -> int: ...
    def readiness(
        self,
        text: str,
        award: str,
        year: Optional[int] = None,
        partial: bool = False,
        path: Optional[str] = None,
        from_data: bool = False,
    ) -> Any: ...
    def plan(
        self,
        text: str,
        target: Optional[str] = None,
        award: Optional[str] = None,
        effort: Optional[list[tuple[str, float]]] = None,
        max_raise: Optional[int] = None,
        partial: bool = False,
        path: Optional[str] = None,
        from_data: bool = False,
    ) -> Any: ...
    def crosswalk(
        self, text: str, to: str, partial: bool = False, path: Optional[str] = None, from_data: bool = False
    ) -> Any: ...
    def report(
        self,
        text: str,
        award: Optional[str] = None,
        year: Optional[int] = None,
        lang: str = "zh",
        markdown: bool = False,
        partial: bool = False,
        path: Optional[str] = None,
        from_data: bool = False,
        since: list[tuple[str, str]] = ...,
    ) -> str: ...
    def dossier(
        self,
        text: str,
        award: Optional[str] = None,
        lang: str = "zh",
        format: str = "html",
        path: Optional[str] = None,
        from_data: bool = False,
    ) -> bytes: ...
    def score_arrow(self, framework: str, data: Any, partial: bool = False) -> Any: ...
    def score_numpy(self, framework: str, names: list[str], arrays: list[Any], rows: int, partial: bool = False) -> dict[str, Any]: ...  # columns, points, wholes, points_at, wholes_at
    def consensus(self, assessments: list[tuple[str, str]], threshold: int = 20, record: Optional[str] = None) -> Any: ...
    def calibrate(
        self, text: str, partial: bool = False, path: Optional[str] = None, from_data: bool = False, calibration: Optional[str] = None
    ) -> Any: ...
    def history(self, assessments: list[tuple[str, str]], plan: Optional[str] = None, partial: bool = False) -> Any: ...
    def team_files(self, team: str, path: Optional[str]) -> tuple[Optional[str], list[tuple[str, str]], Optional[str]]: ...
    def team(
        self,
        team: str,
        application: Optional[tuple[str, str]],
        scorebooks: list[tuple[str, str]],
        record: Optional[tuple[str, str]] = None,
        threshold: int = 20,
        team_path: Optional[str] = None,
        feedback: Optional[tuple[str, str]] = None,
    ) -> Any: ...
    def seal(self, text: str, at: str, path: Optional[str] = None) -> Any: ...
    def scorebook_workbook(
        self, applicant: str, examiner: str, applicant_id: Optional[str] = None, lang: str = "zh", path: Optional[str] = None
    ) -> bytes: ...
    def roster_from_workbook(self, data: bytes, path: Optional[str] = None) -> str: ...
    def scorebook_from_workbook(self, data: bytes, path: Optional[str] = None) -> Any: ...
    def cohort(
        self,
        assessments: list[tuple[str, str]],
        award: Optional[str] = None,
        year: Optional[int] = None,
        partial: bool = False,
    ) -> Any: ...
    def roster_assessments(self, roster: str) -> list[tuple[str, str]]: ...
    def programme(
        self,
        roster: str,
        targets: Optional[str] = None,
        year: Optional[int] = None,
        award: Optional[str] = None,
        assessments: list[tuple[str, str]] = ...,
        body: Optional[str] = None,
        individual_award: Optional[str] = None,
    ) -> Any: ...
    def item_ids(self, framework: str) -> list[str]: ...
    def score_columns(
        self, framework: str, values: bytes, rows: int, partial: bool = False, column_major: bool = False
    ) -> dict[str, bytes]: ...
