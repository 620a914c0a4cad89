"""The indicator framework: a tree of any depth (index -> pillars -> sub-pillars -> indicators).

A framework is written either as YAML (a nested tree, see ``data/framework.yaml``) or as a flat table (CSV or
Excel, one row per node) with the columns ``id, parent, weight, direction, goal_min, goal_max, unit, name_id,
name_en`` (optionally ``target`` and any extra descriptive columns). Both forms load into the same frozen
:class:`Framework`. Loading validates the whole tree and reports every problem at once in a
:class:`~readiness.errors.FrameworkError`.

Rules
-----
* ``parent`` is empty for exactly one node, the root.
* A node without children is an *indicator*; it needs ``direction`` 1 (higher is better) or -1 (lower is better).
  Aggregates leave ``direction`` empty (a value of 1 is tolerated and ignored, as COINr's iMeta writes it).
* ``weight`` is a number >= 0 for every node but the root (whose weight is unused). Weights are relative: they are
  renormalised within each parent, ``w_i / sum(w_siblings)``, and the framework records where that rescaling changed
  them (:attr:`Framework.notes`). Siblings whose weights are all 0 are an error.
* ``goal_min`` and ``goal_max`` are optional, given together, with ``goal_min < goal_max``; they are the fixed
  goalposts of a bounded scale (SPBE 0-5, Ombudsman 0-100).
* ``core`` (true/false, default false) marks an indicator of the **common core** of the ranked index, with a
  ``core_rationale`` saying why (the published screen, :func:`readiness.analysis.screen.screen`, chooses the core).
  Only indicators may be core. A framework that declares no core ranks on the whole framework (:attr:`Framework.core`
  is empty and the ``core`` index of :class:`~readiness.pipeline.spec.ScoringSpec` is the extended one).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from readiness import io as rio
from readiness.errors import FrameworkError, UnknownNameError, clip

#: Largest framework accepted: nodes, and levels below the root (real frameworks have tens of nodes, 3-5 levels).
MAX_NODES = 2_000
MAX_DEPTH = 32
_LIMITS = rio.Limits(file_bytes=5 * rio.MB, yaml_depth=2 * MAX_DEPTH + 4, yaml_nodes=50 * MAX_NODES)

__all__ = ["FRAMEWORK_COLUMNS", "Framework", "Level", "Node", "framework_from_frame", "load_framework"]

#: The columns of the table form, in order. ``target`` is optional.
FRAMEWORK_COLUMNS = ("id", "parent", "weight", "direction", "goal_min", "goal_max", "unit", "name_id", "name_en")
_OPTIONAL_NUMERIC = ("target",)
#: Optional text columns: the unit in each language (``unit`` stays the unit as published, usually Indonesian).
_OPTIONAL_TEXT = ("unit_id", "unit_en", "core_rationale")
#: Columns that ``to_frame`` derives from the tree; ignored when a table is loaded back.
_DERIVED = {"level", "is_indicator"}
_KNOWN = set(FRAMEWORK_COLUMNS) | set(_OPTIONAL_NUMERIC) | set(_OPTIONAL_TEXT) | _DERIVED | {"children", "core"}
_TRUE, _FALSE = ("true", "yes", "1", "1.0", "ya"), ("false", "no", "0", "0.0", "tidak")


@dataclass(frozen=True)
class Node:
    """One node of the framework: the index, a pillar, a sub-pillar or an indicator."""

    id: str
    parent: str | None
    weight: float
    direction: int | None
    goal_min: float | None
    goal_max: float | None
    target: float | None
    unit: str
    name_id: str
    name_en: str
    children: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    unit_id: str = ""
    unit_en: str = ""
    core: bool = False
    core_rationale: str = ""

    @property
    def is_indicator(self) -> bool:
        """True for a leaf of the tree."""
        return not self.children

    @property
    def has_goalposts(self) -> bool:
        """True when both fixed goalposts are set."""
        return self.goal_min is not None and self.goal_max is not None

    def name(self, lang: str = "id") -> str:
        """The node's display name in ``lang`` ("id" or "en"), falling back to the other language, then the id."""
        first, second = (self.name_id, self.name_en) if lang == "id" else (self.name_en, self.name_id)
        return first or second or self.id

    def unit_in(self, lang: str = "id") -> str:
        """The unit in ``lang`` ("id" or "en"): ``unit_id``/``unit_en`` when given, else the published ``unit``."""
        own = self.unit_id if lang == "id" else self.unit_en
        return own or self.unit


@dataclass(frozen=True)
class Level:
    """One aggregation step: every aggregate of one height, computed from nodes of lower heights.

    ``weights`` has shape ``(n_nodes, len(parents))``: column ``j`` holds the relative weights of the children of
    ``parents[j]`` at their node positions, zero elsewhere.
    """

    parents: tuple[int, ...]
    weights: np.ndarray


@dataclass(frozen=True)
class Framework:
    """A validated indicator tree. Build it with :func:`load_framework` or :func:`framework_from_frame`.

    Node positions (``node_ids``) put the indicators first, in file order, then the aggregates from the lowest to
    the highest, so that every aggregation step reads only columns already computed.
    """

    nodes: Mapping[str, Node]
    root: str
    indicators: tuple[str, ...]
    aggregates: tuple[str, ...]
    levels: tuple[Level, ...]
    source: str = "<framework>"
    notes: tuple[str, ...] = ()
    rescaled: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: The publishers' method periods of the indicators (``method_periods.csv``), attached by the dataset loader
    #: (:func:`readiness.model.datasets.load_dataset`); scoring the core reads them. None: no known break.
    method_periods: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    @property
    def node_ids(self) -> tuple[str, ...]:
        """All node ids in computation order: indicators, then aggregates bottom-up."""
        return self.indicators + self.aggregates

    def node(self, node_id: str) -> Node:
        """The node called ``node_id``; :class:`~readiness.errors.UnknownNameError` (a ``KeyError`` too) names the
        unknown id."""
        try:
            return self.nodes[node_id]
        except KeyError:
            raise UnknownNameError(f"no node {clip(node_id)} in framework {self.source}") from None

    def children(self, node_id: str) -> tuple[str, ...]:
        """The ids of the direct children of ``node_id``."""
        return self.node(node_id).children

    def depth(self, node_id: str) -> int:
        """Distance from the root: 0 for the root, 1 for pillars, ..."""
        d, parent = 0, self.node(node_id).parent
        while parent is not None:
            d, parent = d + 1, self.nodes[parent].parent
        return d

    def indicators_under(self, node_id: str) -> tuple[str, ...]:
        """The indicators below ``node_id`` (itself if it is an indicator), in framework order."""
        below = set(self._descendants(node_id)) | {node_id}
        return tuple(i for i in self.indicators if i in below)

    def _descendants(self, node_id: str) -> Iterable[str]:
        stack = list(reversed(self.node(node_id).children))
        while stack:
            child = stack.pop()
            yield child
            stack.extend(reversed(self.nodes[child].children))

    def relative_weight(self, node_id: str) -> float:
        """The node's weight divided by the sum of its siblings' weights (1.0 for the root)."""
        node = self.node(node_id)
        if node.parent is None:
            return 1.0
        siblings = self.nodes[node.parent].children
        return node.weight / math.fsum(self.nodes[s].weight for s in siblings)

    def effective_weight(self, node_id: str) -> float:
        """Product of relative weights from the root down to the node: its share of the index when data is full."""
        w, current = 1.0, node_id
        while current is not None:
            w *= self.relative_weight(current)
            current = self.nodes[current].parent
        return w

    def pillars(self) -> tuple[str, ...]:
        """The root's children."""
        return self.nodes[self.root].children

    @property
    def core(self) -> tuple[str, ...]:
        """The indicators of the common core of the ranked index (flagged ``core``), in framework order."""
        return tuple(i for i in self.indicators if self.nodes[i].core)

    def core_weights(self) -> np.ndarray:
        """Each indicator's fixed share of the core index, over ``indicators`` (0 outside the core; sums to 1).

        The framework's tree restricted to the core: ``w(i) = prod over the path from i to the root of
        w_node / sum(w of its siblings that have a core indicator below them)``. The same for every region (every
        region with an index has every core indicator): no renormalisation over what a region published.
        """
        core = set(self.core)
        out = np.zeros(len(self.indicators))
        if not core:
            return out
        has_core = {n: bool(core & set(self.indicators_under(n))) for n in self.nodes}
        for k, ind in enumerate(self.indicators):
            if ind not in core:
                continue
            share, current = 1.0, ind
            while self.nodes[current].parent is not None:
                parent = self.nodes[current].parent
                total = math.fsum(self.nodes[c].weight for c in self.nodes[parent].children if has_core[c])
                share *= self.nodes[current].weight / total if total > 0 else 0.0
                current = parent
            out[k] = share
        return out

    def with_method_periods(self, periods: pd.DataFrame | None) -> Framework:
        """This framework with the publishers' method periods attached (used when scoring the core)."""
        return replace(self, method_periods=periods)

    def to_frame(self) -> pd.DataFrame:
        """The table form: one row per node in depth-first order, with the framework columns and extras."""
        rows = []
        for node_id in self._depth_first(self.root):
            n = self.nodes[node_id]
            row = {
                "id": n.id,
                "parent": n.parent,
                "weight": n.weight,
                "direction": n.direction,
                "goal_min": n.goal_min,
                "goal_max": n.goal_max,
                "unit": n.unit,
                "unit_id": n.unit_id,
                "unit_en": n.unit_en,
                "name_id": n.name_id,
                "name_en": n.name_en,
                "target": n.target,
                "core": n.core,
                "core_rationale": n.core_rationale,
                "level": self.depth(node_id),
                "is_indicator": n.is_indicator,
            }
            row.update(n.extra)
            rows.append(row)
        return pd.DataFrame(rows)

    def _depth_first(self, node_id: str) -> Iterable[str]:
        yield node_id
        yield from self._descendants(node_id)


# ---------------------------------------------------------------------------------------------------------------
# Loading


def load_framework(path: str | Path) -> Framework:
    """Load and validate a framework from YAML (``.yaml``/``.yml``), CSV (``.csv``) or Excel (``.xlsx``).

    Raises
    ------
    FrameworkError
        Listing every problem found, each naming the file and the row or node.
    """
    path = Path(path)
    if not path.exists():
        raise FrameworkError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        doc = rio.read_yaml(path, error=FrameworkError, limits=_LIMITS)
        rows = _flatten_yaml(doc, path.name)
        frame = pd.DataFrame(rows, dtype=object)
        return framework_from_frame(frame, source=path.name,
                                    row_labels=[f"node {rio.clip(r.get('id'), 60)}" for r in rows])
    if suffix in (".csv", ".xlsx", ".xlsm", ".xls"):
        frame = rio.read_table(path, error=FrameworkError, limits=_LIMITS)
    else:
        raise FrameworkError(f"{path.name}: unknown framework format {rio.clip(suffix, 20)}; "
                             "use .yaml, .yml, .csv or .xlsx")
    return framework_from_frame(frame, source=path.name)


def _flatten_yaml(doc: Any, source: str) -> list[dict[str, Any]]:
    """Turn the nested YAML tree into table rows with a ``parent`` column."""
    if not isinstance(doc, Mapping):
        raise FrameworkError(f"{source}: the document must be a mapping describing the root node")
    rows: list[dict[str, Any]] = []
    # depth-first, children in file order, with an explicit stack (no recursion over user data)
    stack: list[tuple[Any, str | None, str, int]] = [(doc, None, "the root", 0)]
    while stack:
        node, parent, where, depth = stack.pop()
        if not isinstance(node, Mapping):
            raise FrameworkError(f"{source}: {where} must be a mapping with at least an 'id'")
        if depth > MAX_DEPTH:
            raise FrameworkError(f"{source}: {where} is more than {MAX_DEPTH} levels below the root")
        if len(rows) >= MAX_NODES:
            raise FrameworkError(f"{source}: more than {MAX_NODES:,} nodes")
        row = {k: v for k, v in node.items() if k != "children"}
        if "parent" in row and row["parent"] != parent:
            raise FrameworkError(f"{source}: node {rio.clip(row.get('id'), 60)} sets parent "
                                 f"{rio.clip(row['parent'], 60)} but is nested under {rio.clip(parent, 60)}")
        row["parent"] = parent
        rows.append(row)
        children = node.get("children") or []
        if not isinstance(children, list):
            raise FrameworkError(f"{source}: children of node {rio.clip(row.get('id'), 60)} must be a list")
        own_id = None if row.get("id") is None else str(row.get("id"))
        label = rio.clip(own_id, 60)
        stack.extend((child, own_id, f"child {i + 1} of node {label}", depth + 1)
                     for i, child in reversed(list(enumerate(children))))
    return rows


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", "NA", "nan")


def _number(value: Any) -> float | None:
    """Parse a number, or return None for blank; raises ValueError for non-numbers."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    out = float(str(value).strip().replace("\u2212", "-")) if isinstance(value, str) else float(value)
    if rio.check_number(out) is not None:
        raise ValueError(value)
    return out


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def _flag(value: Any, here: str, column: str, problems: list[str]) -> bool:
    """A yes/no column (blank = no); anything else is a problem naming the row."""
    if _blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    problems.append(f"{here}: {column} must be true or false, got {rio.clip(value)}")
    return False


def framework_from_frame(
    frame: pd.DataFrame, *, source: str = "<table>", row_labels: list[str] | None = None
) -> Framework:
    """Build and validate a framework from its table form (one row per node).

    Parameters
    ----------
    frame
        The table, with at least ``id`` and ``parent``; see :data:`FRAMEWORK_COLUMNS`.
    source
        The file name used in error messages.
    row_labels
        How to name each row in messages; defaults to ``row N`` with N the spreadsheet line (header = line 1).
    """
    if len(frame) > MAX_NODES:
        raise FrameworkError(f"{source}: {len(frame):,} nodes; the limit is {MAX_NODES:,}")
    labels = row_labels or [f"row {i + 2}" for i in range(len(frame))]
    problems: list[str] = []
    missing_cols = [c for c in ("id", "parent") if c not in frame.columns]
    if missing_cols:
        expected = ", ".join(FRAMEWORK_COLUMNS)
        raise FrameworkError(f"{source}: missing column(s) {', '.join(missing_cols)}; expected {expected}")

    parsed, order, unreadable_weight = _parse_rows(frame, labels, source, problems)
    roots, children = _link(parsed, order, source, problems)
    _check_depth(parsed, order, source, problems)
    _check_nodes(parsed, order, children, unreadable_weight, problems)
    if problems:
        raise FrameworkError(problems)
    if not order:
        raise FrameworkError(f"{source}: the framework has no nodes")
    return _build(parsed, order, children, roots[0], source)


def _parse_rows(frame: pd.DataFrame, labels: list[str], source: str, problems: list[str]
                ) -> tuple[dict[str, dict[str, Any]], list[str], set[str]]:
    """Each row's fields, parsed (id -> entry), in file order; and the ids whose weight could not be read."""
    parsed: dict[str, dict[str, Any]] = {}
    unreadable_weight: set[str] = set()
    order: list[str] = []
    where: dict[str, str] = {}
    for label, record in zip(labels, frame.to_dict("records"), strict=True):
        node_id = _text(record.get("id"))
        if not node_id:
            problems.append(f"{source} {label}: 'id' is empty")
            continue
        here = f"{source} {label} (node {rio.clip(node_id, 60)})" if label.startswith("row") else f"{source} {label}"
        if len(node_id) > 200:
            problems.append(f"{here}: id of {len(node_id):,} characters; at most 200")
            continue
        if node_id in parsed:
            problems.append(f"{here}: duplicate id {rio.clip(node_id, 60)} (first defined at {where[node_id]})")
            continue
        where[node_id] = label
        parsed[node_id] = _parse_row(record, node_id, here, problems, unreadable_weight)
        order.append(node_id)
    return parsed, order, unreadable_weight


def _parse_row(record: dict, node_id: str, here: str, problems: list[str], unreadable_weight: set[str]
               ) -> dict[str, Any]:
    """One row's fields: numbers and direction checked, texts trimmed, unknown columns kept as ``extra``."""
    entry: dict[str, Any] = {"id": node_id, "parent": _text(record.get("parent")) or None, "_where": here}
    for col in ("weight", "goal_min", "goal_max", "target"):
        try:
            entry[col] = _number(record.get(col))
        except (TypeError, ValueError, OverflowError):
            if col == "weight":
                unreadable_weight.add(node_id)
            problems.append(f"{here}: {col} must be a number, got {rio.clip(record.get(col))} (finite, "
                            f"within +-{rio.NUMBER_LIMIT:g})")
            entry[col] = None
    raw_dir = record.get("direction")
    try:
        d = _number(raw_dir)
        if d is not None and d not in (1.0, -1.0):
            raise ValueError(d)
        entry["direction"] = None if d is None else int(d)
    except (TypeError, ValueError, OverflowError):
        problems.append(f"{here}: direction must be 1 or -1, got {rio.clip(raw_dir)}")
        entry["direction"] = None
    entry["unit"] = _text(record.get("unit"))
    for col in _OPTIONAL_TEXT:
        entry[col] = _text(record.get(col))
    entry["name_id"] = _text(record.get("name_id"))
    entry["name_en"] = _text(record.get("name_en"))
    entry["core"] = _flag(record.get("core"), here, "core", problems)
    entry["extra"] = {k: v for k, v in record.items() if k not in _KNOWN and not _blank(v)}
    return entry


def _link(parsed: dict[str, dict[str, Any]], order: list[str], source: str, problems: list[str]
          ) -> tuple[list[str], dict[str, list[str]]]:
    """The root(s) and each node's children; one root and known parents are required."""
    roots = [n for n in order if parsed[n]["parent"] is None]
    if not roots and order:
        problems.append(f"{source}: no root node (exactly one node must have an empty parent)")
    elif len(roots) > 1:
        problems.append(f"{source}: several root nodes {roots}; exactly one node may have an empty parent")
    children: dict[str, list[str]] = {n: [] for n in order}
    for n in order:
        parent = parsed[n]["parent"]
        if parent is None:
            continue
        if parent not in parsed:
            problems.append(f"{parsed[n]['_where']}: unknown parent {rio.clip(parent, 60)}")
        else:
            children[parent].append(n)
    return roots, children


def _check_depth(parsed: dict[str, dict[str, Any]], order: list[str], source: str, problems: list[str]) -> None:
    """Cycles and depth: walk up from each node until a settled node, the root or a repeat (a cycle); every node is
    walked once, so the check is linear in the number of nodes. ``depth`` holds the distance to the root."""
    depth: dict[str, int] = {}
    for n in order:
        path: list[str] = []
        on_path: dict[str, int] = {}
        current: str | None = n
        while current is not None and current in parsed and current not in depth and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = parsed[current]["parent"]
        if current is not None and current in on_path:
            cycle = path[on_path[current]:]
            shown = [rio.clip(c, 40) for c in [*cycle[:10], current]]
            more = f" (and {len(cycle) - 10} more nodes)" if len(cycle) > 10 else ""
            problems.append(f"{source}: cycle among nodes {' -> '.join(shown)}{more}")
            base = -(10**9)  # nodes on or under a cycle have no depth
        else:
            base = depth.get(current, -1) if current is not None else -1
        for k, node_on_path in enumerate(reversed(path)):
            depth[node_on_path] = base + 1 + k
    deepest = max(depth.values(), default=0)
    if deepest > MAX_DEPTH:
        problems.append(f"{source}: the tree is {deepest} levels deep; the limit is {MAX_DEPTH}")


def _check_nodes(parsed: dict[str, dict[str, Any]], order: list[str], children: dict[str, list[str]],
                 unreadable_weight: set[str], problems: list[str]) -> None:
    """Weights, directions and goalposts of each node, and children whose weights are all 0."""
    for n in order:
        e = parsed[n]
        is_root = e["parent"] is None
        if e["weight"] is None and not is_root and n not in unreadable_weight:
            problems.append(f"{e['_where']}: weight is missing (a number >= 0 is required)")
        elif e["weight"] is not None and e["weight"] < 0:
            problems.append(f"{e['_where']}: weight must be >= 0, got {e['weight']:g}")
        if not children[n] and e["direction"] is None:
            problems.append(f"{e['_where']}: indicator has no direction (1 = higher is better, -1 = lower is better)")
        if children[n] and e["core"]:
            problems.append(f"{e['_where']}: core is only allowed on indicators; the core is a set of indicators")
        if e["core"] and not e["core_rationale"]:
            problems.append(f"{e['_where']}: a core indicator needs a core_rationale (why it is in the core)")
        if children[n] and e["direction"] == -1:
            problems.append(f"{e['_where']}: direction -1 is only allowed on indicators; leave it empty on aggregates")
        gmin, gmax = e["goal_min"], e["goal_max"]
        if (gmin is None) != (gmax is None):
            problems.append(f"{e['_where']}: goal_min and goal_max must be given together")
        elif gmin is not None and gmax is not None and gmin >= gmax:
            problems.append(f"{e['_where']}: goal_min ({gmin:g}) must be less than goal_max ({gmax:g})")
        kids = children[n]
        weights = [parsed[k]["weight"] for k in kids]
        if kids and all(w is not None for w in weights) and all(w >= 0 for w in weights) and math.fsum(weights) == 0:
            shown = ", ".join(rio.clip(k, 40) for k in kids[:10]) + (", ..." if len(kids) > 10 else "")
            problems.append(f"{e['_where']}: the weights of its children [{shown}] are all 0")


def _build(parsed: dict, order: list[str], children: dict[str, list[str]], root: str, source: str) -> Framework:
    nodes = {}
    for n in order:
        e = parsed[n]
        nodes[n] = Node(
            id=n,
            parent=e["parent"],
            weight=1.0 if e["weight"] is None else e["weight"],
            direction=e["direction"] if not children[n] else None,
            goal_min=e["goal_min"],
            goal_max=e["goal_max"],
            target=e["target"],
            unit=e["unit"],
            unit_id=e["unit_id"],
            unit_en=e["unit_en"],
            name_id=e["name_id"],
            name_en=e["name_en"],
            children=tuple(children[n]),
            extra=MappingProxyType(dict(e["extra"])),
            core=e["core"],
            core_rationale=e["core_rationale"],
        )
    # heights bottom-up without recursion: visit the tree breadth-first from the root, then settle in reverse
    visit, k = [root], 0
    while k < len(visit):
        visit.extend(children[visit[k]])
        k += 1
    height: dict[str, int] = {}
    for n in reversed(visit):
        height[n] = 0 if not children[n] else 1 + max(height[c] for c in children[n])
    rank = {n: i for i, n in enumerate(order)}
    indicators = tuple(n for n in order if not children[n])
    aggregates = tuple(sorted((n for n in order if children[n]), key=lambda n: (height[n], rank[n])))
    position = {n: i for i, n in enumerate(indicators + aggregates)}
    levels = []
    by_height: dict[int, list[str]] = {}
    for a in aggregates:
        by_height.setdefault(height[a], []).append(a)
    for lvl in sorted(by_height):
        parents = by_height[lvl]
        w = np.zeros((len(position), len(parents)))
        for j, p in enumerate(parents):
            total = math.fsum(nodes[c].weight for c in children[p])
            for c in children[p]:
                w[position[c], j] = nodes[c].weight / total
        w.setflags(write=False)
        levels.append(Level(parents=tuple(position[p] for p in parents), weights=w))
    notes = []
    rescaled = {}
    for a in aggregates:
        total = math.fsum(nodes[c].weight for c in children[a])
        if not math.isclose(total, 1.0, rel_tol=1e-9):
            rescaled[a] = total
            notes.append(f"weights under {a!r} sum to {total:g}; rescaled to sum to 1")
    return Framework(
        nodes=MappingProxyType(nodes),
        root=root,
        indicators=indicators,
        aggregates=aggregates,
        levels=tuple(levels),
        source=source,
        notes=tuple(notes),
        rescaled=MappingProxyType(rescaled),
    )
