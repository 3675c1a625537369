"""A submission package: a folder or a .zip screened as one unit (typically a 竣工验收 package).

The package reader fills `members` (every file found, with why it was refused when it was) and
`errors` (why the package as a whole could not be opened); the analysis fills each readable
member's `Document`, and which acceptance document types each holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docscreen.models.document import Document, ReadError


@dataclass(slots=True)
class Member:
    path: str  # inside the package, '/'-separated, decoded (GBK names as Chinese Windows writes them)
    size: int
    data: bytes | None = None  # None when refused
    error: ReadError | None = None  # why it was refused: path traversal, too large, nested too deep …
    document: Document | None = None  # filled by the analysis

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(slots=True)
class Package:
    name: str
    format: str  # zip | folder
    sha256: str = ""  # of the .zip; of the sorted member hashes for a folder
    size_bytes: int = 0
    members: list[Member] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)

    @property
    def documents(self) -> list[Document]:
        return [m.document for m in self.members if m.document is not None]

    def holding(self, doc_type: str) -> list[Member]:
        """The members that hold an acceptance document type, as a whole file or as a chapter."""
        return [m for m in self.members if m.document is not None and doc_type in m.document.acceptance_types]
