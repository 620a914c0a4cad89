"""Where imported figures come from: a :class:`Source` given for a row or for a whole file, and its stable id."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from readiness.errors import DataError
from readiness.io import DEFAULT_LIMITS

__all__ = ["SOURCE_COLUMNS", "Source", "SourceBook", "markup_note"]

#: The columns that name a row's source: an existing ``source_id``, or the details of a new one.
SOURCE_COLUMNS = ("source_id", "source_title", "source_publisher", "source_url", "source_date")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://\S+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:|on[a-z]+\s*=", re.IGNORECASE)


def markup_note(text: str | None, what: str) -> str | None:
    """A note for the preview when ``text`` holds HTML or script (it is stored as typed, shown as plain text)."""
    if text and _MARKUP.search(text):
        return f"{what} contains HTML/script markup; it is stored and shown as plain text"
    return None


@dataclass(frozen=True)
class Source:
    """Where new figures come from: a publication's title, publisher, date (2024, 2024-05 or 2024-05-31) and URL
    (optional; for a printed or internal document give its title and leave the URL empty)."""

    title: str
    publisher: str
    date: str
    url: str = ""

    def problems(self) -> list[str]:
        """What is missing or malformed (empty list: fine)."""
        return [message for _, message in self.field_problems()]

    def field_problems(self) -> list[tuple[str, str]]:
        """(field, problem) pairs: what is missing or malformed."""
        out = []
        for name in ("title", "publisher", "date"):
            if not str(getattr(self, name) or "").strip():
                out.append((name, f"source {name} is empty but required / {name} sumber wajib diisi"))
        if self.date and not _DATE.match(self.date.strip()):
            out.append(("date", f"source date {self.date[:40]!r} must look like 2024-05-31, 2024-05 or 2024"))
        if self.url and not _URL.match(self.url.strip()):
            out.append(("url", f"source URL {self.url[:80]!r} must start with http:// or https:// (or leave it "
                               "empty for a document)"))
        for name in ("title", "publisher", "url", "date"):
            value = str(getattr(self, name) or "")
            if len(value) > DEFAULT_LIMITS.cell_chars:
                out.append((name, f"source {name} is longer than {DEFAULT_LIMITS.cell_chars:,} characters"))
            if _CONTROL.search(value):
                out.append((name, f"source {name} contains control characters"))
        return out

    def record(self, id_: str | None = None) -> dict[str, Any]:
        """The sources-table record of this source."""
        url = self.url.strip()
        return {"id": id_ or self.id, "title": self.title.strip(), "publisher": self.publisher.strip(),
                "url": url or None, "date": self.date.strip(), "accessed": None, "note": None}

    @property
    def id(self) -> str:
        """A stable id: the URL's host (or the publisher) and a hash of the fields, e.g. ``bps-go-id-3f2a1c``."""
        try:
            host = (urlsplit(self.url.strip()).hostname or "") if self.url else ""
        except ValueError:
            host = ""
        stem = re.sub(r"[^a-z0-9]+", "-", (host.removeprefix("www.") or self.publisher).lower()).strip("-")[:40]
        digest = hashlib.sha1("|".join((self.title.strip(), self.publisher.strip(), self.url.strip(),
                                        self.date.strip())).encode("utf-8")).hexdigest()[:6]
        return f"{stem or 'source'}-{digest}"


class SourceBook:
    """The sources one preview refers to: the store's, and the new ones its rows (or the file) describe."""

    def __init__(self, known: Mapping[str, Mapping[str, Any]]):
        self.known = known
        self.new: dict[str, dict[str, Any]] = {}
        self._memo: dict[tuple[str | None, ...], tuple[str | None, list[str], list[str]]] = {}

    def add(self, source: Source) -> str:
        """The id of ``source``: an existing one with the same details, else a new id (recorded in :attr:`new`)."""
        record = source.record()
        sid = record["id"]
        for length in (6, 12, 40):
            if length > 6:
                sid = f"{sid.rsplit('-', 1)[0]}-{hashlib.sha1(repr(record).encode()).hexdigest()[:length]}"
            have = self.known.get(sid) or self.new.get(sid)
            if have is None:
                self.new[sid] = {**record, "id": sid}
                return sid
            if all(have.get(k) == record[k] for k in ("title", "publisher", "url", "date")):
                return sid
        raise DataError(f"cannot make a unique id for source {source.title!r}")  # pragma: no cover

    def of_row(self, texts: Mapping[str, str | None],
               at: Callable[[str], str]) -> tuple[str | None, list[str], list[str]]:
        """(source id or None when the row names none, problems, notes) of a row's source cells (stripped text,
        None when empty); ``at(column)`` says where a column is, for messages."""
        key = tuple(texts.get(c) for c in SOURCE_COLUMNS)
        if key not in self._memo:
            self._memo[key] = self._resolve(texts, at)
        return self._memo[key]

    def _resolve(self, texts: Mapping[str, str | None],
                 at: Callable[[str], str]) -> tuple[str | None, list[str], list[str]]:
        notes = [n for c in SOURCE_COLUMNS if (n := markup_note(texts.get(c), c.replace("_", " ")))]
        given = [c for c in SOURCE_COLUMNS[1:] if texts.get(c)]
        sid = texts.get("source_id")
        if sid:
            if given:
                return None, [f"{at('source_id')}give either source_id or the source_* details, not both"], notes
            if sid not in self.known and sid not in self.new:
                return None, [f"{at('source_id')}unknown source_id {sid[:60]!r} / sumber tidak dikenal"], notes
            return sid, [], notes
        if not given:
            return None, [], notes
        source = Source(title=texts.get("source_title") or "", publisher=texts.get("source_publisher") or "",
                        date=texts.get("source_date") or "", url=texts.get("source_url") or "")
        problems = source.field_problems()
        if problems:
            return None, [f"{at('source_' + f)}{p}" for f, p in problems], notes
        return self.add(source), [], notes
