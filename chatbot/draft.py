"""What an answer path produces: a ``Draft`` of quoted text, its citations and the decision on its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from chatbot.cite import Citations
from chatbot.decide import Decision, Evidence


@dataclass
class Draft:
    """What an answer path produces: its text and citations, and the decision ``decide`` made on its evidence.

    A path never sets ``ja``/``deels``/``nee`` itself: ``answerable`` and ``reason`` are the decision's.
    """

    text: str
    citations: Citations
    decision: Decision
    notes: list[str] = field(default_factory=list)
    evidence: Evidence | None = None

    @property
    def answerable(self) -> str:
        return self.decision.answerable

    @property
    def reason(self) -> str:
        return self.decision.reason
