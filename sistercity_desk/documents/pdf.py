"""PDF from .docx through LibreOffice headless: the app's persistent LibreOffice when it runs
(converter.py), else one run per batch with its own profile; every output checked."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..errors import DeskError, Invalid, Unavailable
from . import converter
from .files import place_file, refuse_existing
from .soffice import INSTALL_HINT, find_soffice

log = logging.getLogger("sistercity_desk.pdf")


#: LibreOffice's PDF export options for every PDF the app writes, in ONE place: whatever
#: converts (a soffice run per batch, or a persistent LibreOffice) takes them from here.
#: Tagged (a structure tree a screen reader follows), PDF/UA-1, PDF/A-2b (archival, every
#: font embedded; the two combine in LibreOffice 7.4), and the document's title shown in
#: the viewer's title bar instead of the file name (DisplayDocTitle; LibreOffice writes it
#: when the .docx has a title, which render_docx sets). docs/accessibility.md says why.
PDF_EXPORT_OPTIONS: Mapping[str, bool | int] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "SelectPdfVersion": 2,
    "DisplayPDFDocumentTitle": True,
}


def export_filter_data(*, pdfa: bool = False) -> dict[str, bool | int | str]:
    """The options of LibreOffice's PDF export filter (its FilterData): the ONE place they
    are decided; both the command line and the persistent converter take them from here.
    ``pdfa`` is kept for callers of old: every PDF is PDF/A-2b and tagged PDF/UA-1."""
    return dict(PDF_EXPORT_OPTIONS)


def command_line_filter(data: dict[str, bool | int | str]) -> str:
    """``--convert-to`` for soffice: ``pdf``, or ``pdf:writer_pdf_Export:{json}`` with the
    options typed the way LibreOffice's command line wants them."""
    if not data:
        return "pdf"
    typed = {}
    for name, value in data.items():
        if isinstance(value, bool):
            typed[name] = {"type": "boolean", "value": "true" if value else "false"}
        elif isinstance(value, int):
            typed[name] = {"type": "long", "value": str(value)}
        else:
            typed[name] = {"type": "string", "value": value}
    return "pdf:writer_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


def server_filter_options(data: dict[str, bool | int | str]) -> list[str]:
    """The same options for unoserver: ``Name=value`` strings (it reads true/false/digits)."""
    return [
        f"{name}={('true' if value else 'false') if isinstance(value, bool) else value}"
        for name, value in data.items()
    ]


#: The export options on the command line (tagged PDF/UA-1 and PDF/A-2b, as every PDF).
PDFA_FILTER = command_line_filter(export_filter_data(pdfa=True))


class ConversionCancelled(DeskError):
    """The person cancelled while LibreOffice was converting."""


def _kill(process: subprocess.Popen[bytes]) -> None:
    # soffice starts soffice.bin as a child: end the whole group it runs in.
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait()


def convert_to_pdf(
    docx_paths: Sequence[Path],
    out_dir: Path,
    *,
    pdfa: bool = False,
    timeout: float = 180.0,
    overwrite: bool = False,
    names: Sequence[str] | None = None,
    soffice: Path | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> list[Path]:
    """Convert every .docx to PDF; returns the PDFs in input order.

    A batch of up to ``converter.SERVER_BATCH_MAX`` goes through the app's persistent
    LibreOffice when one is enabled (``converter.enable``); a bigger batch, or one the
    server cannot take (not running, just died), goes to ONE LibreOffice run.

    Every PDF is tagged PDF/UA-1 and PDF/A-2b (``PDF_EXPORT_OPTIONS``); ``pdfa`` is kept
    for callers of old and changes nothing.

    ``should_cancel()`` is asked a few times a second while LibreOffice works; when it says
    yes LibreOffice is stopped and ``ConversionCancelled`` raised, with no file left behind.

    Each PDF is named after its .docx (or ``names``) in ``out_dir``. LibreOffice runs with a
    profile of its own (two runs sharing one fail) and a timeout; its exit code is not
    trusted: every output must exist and be non-empty. Outputs are moved into place only
    when all of them are good; an existing file is kept unless ``overwrite``.
    """
    if not docx_paths:
        return []
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [
        out_dir / (names[i] if names else f"{Path(p).stem}.pdf") for i, p in enumerate(docx_paths)
    ]
    seen: set[str] = set()
    for target in targets:
        if target.name.casefold() in seen:
            raise Invalid(
                f"Two documents of the batch would get the same PDF file name ({target.name}). "
                "Give them different names."
            )
        seen.add(target.name.casefold())
    for target in targets:
        refuse_existing(target, overwrite)
    program = soffice or find_soffice()
    with tempfile.TemporaryDirectory(prefix="sistercity-pdf-") as work:
        work_dir = Path(work)
        in_dir, pdf_dir, profile = work_dir / "in", work_dir / "out", work_dir / "profile"
        in_dir.mkdir()
        pdf_dir.mkdir()
        # Copies with plain numbered names: no two inputs clash, odd characters in the
        # user's file names never reach LibreOffice's command line.
        inputs = []
        for i, source in enumerate(docx_paths):
            source = Path(source)
            if not source.is_file():
                raise Invalid(f"{source} does not exist; make the document again, then convert it.")
            copy = in_dir / f"{i:04d}.docx"
            shutil.copyfile(source, copy)
            inputs.append(copy)
        data = export_filter_data(pdfa=pdfa)
        deadline = time.monotonic() + timeout
        server = converter.shared()
        remaining = inputs
        if server is not None and len(inputs) <= converter.SERVER_BATCH_MAX:
            remaining = _through_server(
                server, inputs, pdf_dir, data, deadline=deadline, should_cancel=should_cancel
            )
        if remaining:
            err = _one_run(
                program,
                profile,
                remaining,
                pdf_dir,
                command_line_filter(data),
                deadline=deadline,
                timeout=timeout,
                should_cancel=should_cancel,
            )
        else:
            err = b""
        produced = [pdf_dir / f"{p.stem}.pdf" for p in inputs]
        unmade = [inputs[i] for i, p in enumerate(produced) if not _made(p)]
        if unmade and time.monotonic() < deadline:
            # On a busy machine a LibreOffice run now and then fails to load a document it
            # loads the next time ("source file could not be loaded"): one more run of what
            # is missing, with a fresh profile, before the person is told.
            err = _one_run(
                program,
                work_dir / "profile-again",
                unmade,
                pdf_dir,
                command_line_filter(data),
                deadline=deadline,
                timeout=timeout,
                should_cancel=should_cancel,
            )
        missing = [Path(docx_paths[i]).name for i, p in enumerate(produced) if not _made(p)]
        if missing:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise DeskError(
                f"LibreOffice did not produce a PDF for {', '.join(missing)}"
                + (f" ({' '.join(detail)})" if detail else "")
                + ". Open the .docx in Word or LibreOffice to check it."
            )
        placed = []
        for pdf, target in zip(produced, targets, strict=True):
            # Copy beside the target first so the final step is a rename on one disk.
            tmp = target.with_name(f".{target.stem[:40]}.{os.getpid()}.pdf.tmp")
            shutil.copyfile(pdf, tmp)
            try:
                placed.append(place_file(tmp, target, overwrite=overwrite))
            finally:
                tmp.unlink(missing_ok=True)
        check_written(placed)
        return placed


def _made(pdf: Path) -> bool:
    return pdf.is_file() and pdf.stat().st_size > 0


def check_written(pdfs: Sequence[Path]) -> None:
    """The accessibility check after every PDF the app writes (20-70 ms each): what it
    finds goes to the log; the GUI shows it (accessibility.warnings_for)."""
    from .accessibility import warnings_for

    for made in pdfs:
        warnings_for(made)


def _through_server(
    server: converter.OfficeServer,
    inputs: list[Path],
    pdf_dir: Path,
    data: dict[str, bool | int | str],
    *,
    deadline: float,
    should_cancel: Callable[[], bool] | None,
) -> list[Path]:
    """Convert through the persistent LibreOffice; returns the inputs left for one soffice
    run (all of them when the server cannot help, none when it did everything)."""
    options = server_filter_options(data)
    for n, source in enumerate(inputs):
        try:
            server.convert(
                source,
                pdf_dir / f"{source.stem}.pdf",
                options,
                deadline=deadline,
                should_cancel=should_cancel,
                wait=max(0.0, min(20.0, deadline - time.monotonic())),
            )
        except converter.Cancelled:
            raise ConversionCancelled(
                "The conversion to PDF was cancelled; no file was written."
            ) from None
        except converter.TimedOut:
            raise Unavailable(
                f"LibreOffice did not finish converting {len(inputs)} document(s) in time "
                "and was stopped. Try again, or convert fewer at once."
            ) from None
        except converter.ServerUnavailable as exc:
            log.info("Converting without the persistent LibreOffice: %s", exc)
            return inputs[n:]
    return []


def _one_run(
    program: Path,
    profile: Path,
    inputs: list[Path],
    pdf_dir: Path,
    convert_to: str,
    *,
    deadline: float,
    timeout: float,
    should_cancel: Callable[[], bool] | None,
) -> bytes:
    """One soffice run converting ``inputs`` into ``pdf_dir``; returns its standard error."""
    command = [
        str(program),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        convert_to,
        "--outdir",
        str(pdf_dir),
        *[str(p) for p in inputs],
    ]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=sys.platform != "win32",
        )
    except OSError as exc:
        raise Unavailable(
            f"LibreOffice ({program}) could not be started: {exc}. {INSTALL_HINT}"
        ) from exc
    while True:
        try:
            _, err = process.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if should_cancel is not None and should_cancel():
                _kill(process)
                raise ConversionCancelled(
                    "The conversion to PDF was cancelled; no file was written."
                ) from None
            if time.monotonic() >= deadline:
                _kill(process)
                raise Unavailable(
                    f"LibreOffice did not finish converting {len(inputs)} document(s) "
                    f"within {timeout:.0f} seconds and was stopped. Try again, or convert "
                    "fewer at once."
                ) from None
    return err
