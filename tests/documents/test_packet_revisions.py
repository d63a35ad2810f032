"""A packet freezes each motion as a revision recorded as printed in a packet."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeMotion
from sqlmodel import Session
from tools import require_tool

from sistercity_desk import revisions
from sistercity_desk.documents import packets

pytestmark = pytest.mark.libreoffice


def test_packet_revisions_say_packet(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    require_tool("soffice")
    first = make_motion(title="Street trees")
    second = make_motion(title="Library hours")
    packets.build_packet(session, [first.id or 0, second.id or 0], tmp_path / "packet.pdf")
    for motion in (first, second):
        history = revisions.list_revisions(session=session, kind="motion", record_id=motion.id or 0)
        assert [r.reason for r in history] == ["packet"]
