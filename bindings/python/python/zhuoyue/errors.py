"""The exception hierarchy. The native module raises these classes, mapped from the core's error codes."""

from __future__ import annotations

from typing import Optional


class ZhuoyueError(Exception):
    """Base class of every error this package raises.

    Attributes: ``code`` (a stable tag such as ``"percent-off-grid"``), ``item`` (the item id, when the
    error is about one) and ``path`` (the file, when one was read).
    """

    def __init__(self, message: str, code: str = "internal", item: Optional[str] = None, path: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.item = item
        self.path = path
        self.rule: Optional[str] = None  # the named rule, set by the engine where the rule is fixed

    def __repr__(self) -> str:
        where = f", item={self.item!r}" if self.item else ""
        return f"{type(self).__name__}(code={self.code!r}{where})"

    def __str__(self) -> str:
        return self.message


class AssessmentError(ZhuoyueError, ValueError):
    """An assessment that does not parse or does not hold against its framework."""


class CriteriaError(ZhuoyueError, ValueError):
    """A framework (criteria) file that breaks a rule."""


class AwardError(ZhuoyueError, ValueError):
    """An unknown award, a broken award profile, or an award for another framework."""


class PlanError(ZhuoyueError, ValueError):
    """A bad target, effort weight or maximum raise for a roadmap."""


class ProgrammeError(ZhuoyueError, ValueError):
    """A consensus that cannot be formed, or a roster or programme target that breaks a rule."""


class OptionError(ZhuoyueError, ValueError):
    """An option with a value that is not allowed (an unknown language, a target that is no number)
    or options that contradict each other (both a target and an award)."""


class ScorebookError(ZhuoyueError, ValueError):
    """An examiner's scorebook that breaks a rule: not sealed, edited after sealing, for another
    applicant or framework, citing a key factor the applicant lacks."""


class WorkbookError(ZhuoyueError, ValueError):
    """An Excel workbook (scorebook, self-assessment, roster) that cannot be read: not a zip, a zip
    bomb, an extra sheet, or a bad cell, named by sheet and cell (e.g. `scores!B5`) with its rule."""
