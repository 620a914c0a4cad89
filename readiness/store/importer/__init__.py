"""Import of figures from CSV or Excel: read through :mod:`readiness.io`, checked with the observations' contract
(:mod:`readiness.model.schema`), previewed, then committed all or nothing.

Two layouts are read (names in the header row are case-insensitive):

* **long**: ``region_code, indicator, year, value`` plus optional ``source_id``, ``source_title``,
  ``source_publisher``, ``source_url``, ``source_date``, ``note``, ``region_name`` (ignored);
* **wide** (the template of :func:`write_template`): ``region_code, year`` and one column per indicator id, plus the
  same optional columns; an empty indicator cell means "no figure".

A workbook is read from its sheet named ``Data`` (else its first sheet); a CSV may separate its cells with commas,
semicolons or tabs. Every new or changed value needs a source: an existing ``source_id``, the ``source_*`` columns
(title, publisher and date required; URL optional, http(s) only, for a printed document give its title), or a
source for the whole file (``default_source``).

The file is read under :data:`readiness.io.DEFAULT_LIMITS`, the one set of limits every file of the project is read
under (size, unpacked size of a workbook, rows, columns, cells, characters per cell); formulas, merged cells and
undecodable text refuse the whole file. A value must lie in its indicator's valid range
(:func:`readiness.model.schema.valid_range`: the published scale or the unit's, never the goalposts or the target).

Nothing is written by :func:`preview_file`; :func:`commit` writes a preview in one transaction, and refuses a
preview with any rejected row or file problem, or whose records changed since it was made
(:class:`~readiness.store.errors.ConflictError`).

Text is kept as text: HTML or script in a note or a source title is stored as typed, flagged in the preview, and
neutralised on export (:func:`neutralise`).
"""

from __future__ import annotations

from readiness.io import neutralise
from readiness.store.importer.exports import current_observations, export_bytes, export_frame, export_observations
from readiness.store.importer.preview import (
    ImportContext,
    ImportPreview,
    PreviewRow,
    commit,
    preview_edit,
    preview_file,
    preview_upload,
)
from readiness.store.importer.sources import Source
from readiness.store.importer.template import template_bytes, write_template

__all__ = [
    "ImportContext",
    "ImportPreview",
    "PreviewRow",
    "Source",
    "commit",
    "current_observations",
    "export_bytes",
    "export_frame",
    "export_observations",
    "neutralise",
    "preview_edit",
    "preview_file",
    "preview_upload",
    "template_bytes",
    "write_template",
]
