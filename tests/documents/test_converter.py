"""The persistent LibreOffice: converts through unoserver, one per user, survives a crash of
LibreOffice by falling back and starting again, and leaves no process behind."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session
from tools import missing_tool, require_tool

from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import converter, pdf, render

pytestmark = pytest.mark.libreoffice


@pytest.fixture
def server() -> Iterator[converter.OfficeServer]:
    soffice = require_tool("soffice")
    if converter.uno_python(soffice) is None:
        missing_tool("python3-uno", "no Python with LibreOffice's uno module")
    started = converter.enable(soffice)
    assert started is not None
    assert started.wait_ready(90), started.reason()
    yield started
    converter.shutdown()


@pytest.fixture
def motion_docx(session: Session, demo: DemoResult, tmp_path: Path) -> Path:
    docx = tmp_path / "in" / "motion.docx"
    render.produce(session, "motion", demo.motion_id, docx)
    return docx


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_converts_through_the_server_with_the_same_options(
    server: converter.OfficeServer, motion_docx: Path, tmp_path: Path
) -> None:
    pid = server.pid()
    assert pid is not None
    names = [name for _, name in converter.group_processes(pid)]
    assert any(name.startswith("soffice") for name in names), names

    made = pdf.convert_to_pdf([motion_docx], tmp_path / "out")
    assert "MOTION" in _text(made[0])
    # The server gets the same export options: tagged PDF/UA-1 and PDF/A-2b.
    from sistercity_desk.documents import accessibility

    assert accessibility.check_pdf(made[0]) == []
    archival = pdf.convert_to_pdf([motion_docx], tmp_path / "a", pdfa=True)
    assert b"pdfaid:part" in archival[0].read_bytes()
    assert server.starts == 1 and server.pid() == pid  # no new LibreOffice for either


def test_a_second_converter_of_the_same_user_uses_the_first_server(
    server: converter.OfficeServer, motion_docx: Path, tmp_path: Path
) -> None:
    second = converter.OfficeServer(server.soffice)
    second.start()
    assert second.port(wait=30) == server.port()
    assert second.pid() is None  # it started no LibreOffice of its own
    second.convert(motion_docx, tmp_path / "b.pdf", [], deadline=float("inf"))
    assert "MOTION" in _text(tmp_path / "b.pdf")
    second.shutdown()
    assert server.is_running()


def test_killed_libreoffice_falls_back_then_starts_again(
    server: converter.OfficeServer, motion_docx: Path, tmp_path: Path
) -> None:
    pid = server.pid()
    assert pid is not None
    for child, name in converter.group_processes(pid):
        if name.startswith("soffice"):
            os.kill(child, signal.SIGKILL)
    made = pdf.convert_to_pdf([motion_docx], tmp_path / "out")  # no error: one run instead
    assert "MOTION" in _text(made[0])
    deadline = time.monotonic() + 90
    while server.starts < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # the watcher notices the death within a fraction of a second
    assert server.wait_ready(90)
    assert server.starts == 2 and server.pid() not in (None, pid)
    again = pdf.convert_to_pdf([motion_docx], tmp_path / "again")
    assert "MOTION" in _text(again[0])
    assert not converter.group_processes(pid)  # the old one is gone entirely


def test_shutdown_leaves_no_process(server: converter.OfficeServer) -> None:
    pid = server.pid()
    assert pid is not None
    converter.shutdown()
    assert converter.group_processes(pid) == []
    assert converter.shared() is None


def test_switched_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(converter.ENV_SWITCH, "0")
    assert converter.enable(Path("/usr/bin/soffice")) is None
    assert converter.shared() is None


def test_filter_options_come_from_one_place() -> None:
    data = pdf.export_filter_data(pdfa=True)
    assert pdf.command_line_filter(data) == pdf.PDFA_FILTER
    assert '"SelectPdfVersion":{"type":"long","value":"2"}' in pdf.PDFA_FILTER
    assert "SelectPdfVersion=2" in pdf.server_filter_options(data)
    assert pdf.server_filter_options({"UseTaggedPDF": True}) == ["UseTaggedPDF=true"]
    assert pdf.command_line_filter({}) == "pdf"
