"""Type stub of the native module (checked against it by ``python -m mypy.stubtest``)."""

from typing import Any, Optional, final

__all__ = ["Engine", "MAX_INPUT_BYTES", "_panic_for_test"]

MAX_INPUT_BYTES: int

def _panic_for_test() -> None: ...

@final
class Engine:
    def __init__(self) -> None: ...
    def add_framework(self, text: str, path: Optional[str] = None) -> str: ...
    def add_award(self, text: str, path: Optional[str] = None) -> str: ...
    def frameworks(self) -> Any: ...
    def awards(self) -> Any: ...
    def score(self, text: str, partial: bool = False, path: Optional[str] = None) -> Any: ...
    def readiness(
        self, text: str, award: str, year: int, partial: bool = False, path: Optional[str] = None
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
    ) -> Any: ...
    def crosswalk(self, text: str, to: str, partial: bool = False, path: Optional[str] = None) -> Any: ...
    def report(
        self,
        text: str,
        award: Optional[str] = None,
        year: int = 2026,
        lang: str = "zh",
        markdown: bool = False,
        partial: bool = False,
        path: Optional[str] = None,
    ) -> str: ...
    def consensus(self, assessments: list[tuple[str, str]], threshold: int = 20, record: Optional[str] = None) -> Any: ...
    def cohort(
        self, assessments: list[tuple[str, str]], award: Optional[str] = None, year: int = 2026, partial: bool = False
    ) -> Any: ...
    def roster_assessments(self, roster: str) -> list[tuple[str, str]]: ...
    def programme(
        self,
        roster: str,
        targets: str,
        year: Optional[int] = None,
        award: Optional[str] = None,
        assessments: list[tuple[str, str]] = ...,
    ) -> Any: ...
    def item_ids(self, framework: str) -> list[str]: ...
    def score_columns(
        self, framework: str, values: bytes, rows: int, partial: bool = False, column_major: bool = False
    ) -> dict[str, bytes]: ...
