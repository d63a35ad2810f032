"""Unsaved drafts kept on disk: what an editor could not store yet survives a crash.

The database refuses an incomplete draft (a motion without a mover, say). Until the person
completes it, the editor keeps what was typed here, one small JSON file per draft in the data
folder, written atomically on every autosave; the next start offers to bring it back.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import paths
from .agreements import AgreementData, AnnexItemData, ArticleData
from .motions import ClauseData, MotionData

log = logging.getLogger(__name__)

KINDS = ("motion", "agreement")


@dataclass(frozen=True)
class Unsaved:
    kind: str
    #: The stored record the edits belong to; None for a draft never stored.
    record_id: int | None
    saved_at: dt.datetime
    data: MotionData | AgreementData
    path: Path

    @property
    def title(self) -> str:
        if isinstance(self.data, MotionData):
            return self.data.title.strip() or "(untitled motion)"
        titles = [t for t in self.data.titles.values() if t.strip()]
        return titles[0] if titles else "(untitled agreement)"


def folder() -> Path:
    path = paths.data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _file(kind: str, record_id: int | None) -> Path:
    return folder() / f"{kind}-{record_id if record_id is not None else 'new'}.json"


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def stash(kind: str, record_id: int | None, data: MotionData | AgreementData) -> Path:
    """Keep unsaved edits of one record (replacing the previous copy of the same record)."""
    if kind not in KINDS:
        raise ValueError(kind)
    raw = {k: v for k, v in asdict(data).items()}
    payload = {
        "kind": kind,
        "record_id": record_id,
        "saved_at": dt.datetime.now(dt.UTC).isoformat(),
        "data": json.loads(json.dumps(raw, default=_plain)),
    }
    target = _file(kind, record_id)
    tmp = target.with_name(target.name + ".part")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    return target


def discard(kind: str, record_id: int | None) -> None:
    """The edits reached the database (or the person dropped them)."""
    _file(kind, record_id).unlink(missing_ok=True)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _motion(data: dict[str, Any]) -> MotionData:
    values = dict(data)
    values["clauses"] = [ClauseData(**c) for c in data.get("clauses", [])]
    values["introduced_on"] = _date(data.get("introduced_on"))
    return MotionData(**values)


def _agreement(data: dict[str, Any]) -> AgreementData:
    values = dict(data)
    values["articles"] = [ArticleData(**a) for a in data.get("articles", [])]
    values["annex_items"] = [AnnexItemData(**i) for i in data.get("annex_items", [])]
    for key in ("home_signing_date", "partner_signing_date"):
        values[key] = _date(data.get(key))
    return AgreementData(**values)


def pending() -> list[Unsaved]:
    """Every draft kept on disk, oldest first. Unreadable files are skipped, not deleted."""
    found: list[Unsaved] = []
    for path in sorted(folder().glob("*.json")):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            kind = payload["kind"]
            data = _motion(payload["data"]) if kind == "motion" else _agreement(payload["data"])
            found.append(
                Unsaved(
                    kind=kind,
                    record_id=payload["record_id"],
                    saved_at=dt.datetime.fromisoformat(payload["saved_at"]),
                    data=data,
                    path=path,
                )
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("Unsaved draft %s cannot be read and is left as it is: %r", path, exc)
            continue
    return sorted(found, key=lambda u: u.saved_at)
