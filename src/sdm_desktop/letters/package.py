"""A .docx package in memory: read once, write many times quickly.

Parts that never change between letters (styles, theme, fonts, images) are compressed once
and copied as they are into every output file; only the rendered parts are compressed again.
The writer produces a plain ZIP (no ZIP64: a letter is far below 4 GB).
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_UTF8_FLAG = 0x800


class NotADocx(Exception):
    """The file is not a Word .docx package; the message says what it is instead."""


@dataclass
class Entry:
    name: str
    data: bytes
    _packed: tuple[int, bytes] | None = None     # (crc, deflated) cached for unchanged parts

    def packed(self) -> tuple[int, bytes]:
        if self._packed is None:
            self._packed = pack(self.data)
        return self._packed


def pack(data: bytes, level: int = 6) -> tuple[int, bytes]:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return zlib.crc32(data) & 0xFFFFFFFF, compressor.compress(data) + compressor.flush()


ENCRYPTED = "EncryptedPackage".encode("utf-16-le")       # the stream a password-protected .docx keeps
MACROS = ("it holds macros (a macro-enabled .docm or .dotm, perhaps renamed); a letter template may not "
          "contain macros: open it in Word and save it as a Word Document (.docx)")
WORD_TEMPLATE = ("it is a Word template (.dotx), perhaps renamed; open it in Word and save it as a Word "
                 "Document (.docx)")


def describe_non_docx(head: bytes, raw: bytes = b"") -> str:
    if not head:
        return "the file is empty"
    if head.startswith(b"\xd0\xcf\x11\xe0") and ENCRYPTED in raw:
        return ("it is protected with a password; open it in Word, remove the password (File → Info → "
                "Protect Document → Encrypt with Password) and save it")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ("it is an old-style Word 97-2003 .doc file or a password-protected document; "
                "open it in Word and save it as a Word Document (.docx) without a password")
    if head.startswith(b"%PDF"):
        return "it is a PDF, not a Word document"
    if head.startswith(b"{\\rtf"):
        return "it is a Rich Text (.rtf) file; open it in Word and save it as a Word Document (.docx)"
    if head.lstrip().startswith(b"<"):
        return "it is an XML or HTML file, not a Word document"
    return "it is not a Word document (.docx)"


MAX_UNPACKED_BYTES = 200 * 1024 * 1024     # far above any letter with its letterhead and pictures


def read_package(source: Path | bytes) -> list[Entry]:
    """All parts of a .docx in their stored order; NotADocx with a plain reason otherwise."""
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not raw.startswith(b"PK"):
        raise NotADocx(describe_non_docx(raw[:16], raw))
    import io
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                raise NotADocx("it is a ZIP archive but not a Word document (it has no word/document.xml); "
                               "was another file renamed to .docx?")
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
                raise NotADocx(MACROS)
            if b"wordprocessingml.template.main" in types:
                raise NotADocx(WORD_TEMPLATE)
            unpacked = sum(info.file_size for info in archive.infolist())     # zipfile reads no more than this
            if unpacked > MAX_UNPACKED_BYTES:
                raise NotADocx(f"it would unpack to {unpacked / 1024 / 1024:,.0f} MB, more than a letter template "
                               f"can be (at most {MAX_UNPACKED_BYTES // 1024 // 1024} MB): a damaged or hostile file?")
            return [Entry(info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise NotADocx(f"the Word file is damaged and cannot be opened ({exc})") from exc
    except NotImplementedError as exc:
        raise NotADocx(f"the Word file uses a compression this program cannot read ({exc})") from exc


def _dos_time() -> tuple[int, int]:
    t = time.localtime()
    return ((t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2),
            ((t.tm_year - 1980) << 9) | (t.tm_mon << 4) | t.tm_mday)


def zip_bytes(entries: list[Entry], replaced: dict[str, bytes], added: list[Entry] = ()) -> bytes:
    """The package as ZIP bytes, with ``replaced`` parts (name -> new content) swapped in and
    ``added`` parts at the end."""
    mtime, mdate = _dos_time()
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for entry in [*entries, *added]:
        if entry.name in replaced:
            data = replaced[entry.name]
            crc, deflated = pack(data, 1 if len(data) > 1_000_000 else 6)
        else:
            data = entry.data
            crc, deflated = entry.packed()
        name = entry.name.encode("utf-8")
        header = _LOCAL.pack(0x04034B50, 20, _UTF8_FLAG, 8, mtime, mdate, crc, len(deflated), len(data),
                             len(name), 0)
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, _UTF8_FLAG, 8, mtime, mdate, crc, len(deflated),
                                     len(data), len(name), 0, 0, 0, 0, 0, offset) + name)
        chunks += [header, name, deflated]
        offset += len(header) + len(name) + len(deflated)
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(chunks) + directory + end
