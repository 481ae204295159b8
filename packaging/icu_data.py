"""A smaller ICU data library for the Linux bundle: Qt's libicudata (32 MB) holds every ICU data item
linked into one symbol; this rebuilds it with only the items bundle_contents.icu_item_kept keeps.

ICU reads its data from the "common data" package in the symbol ``icudtNN_dat`` (a header, a sorted table
of item names and offsets, then the items, each aligned to 16 bytes). Items left out are simply missing:
ICU then answers from the root locale or reports the resource missing, as it does for any locale it has
no data for. Needs binutils (``as`` and ``ld``), like the spec's ``strip``.
"""

from __future__ import annotations

import re
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

_ALIGN = 16
_PAD = b"\xaa"                                 # what ICU's own tools pad with
_SYMBOL = re.compile(rb"icudt\d+_dat")


def linked_package(library: bytes) -> tuple[str, bytes]:
    """(symbol name, package bytes) of the ICU data linked into a 64-bit little-endian ELF library."""
    if library[:6] != b"\x7fELF\x02\x01":
        raise ValueError("not a 64-bit little-endian ELF library")
    shoff, = struct.unpack_from("<Q", library, 0x28)
    entsize, count = struct.unpack_from("<HH", library, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", library, shoff + i * entsize) for i in range(count)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, sym_size in sections:
        if kind != 11:                                        # SHT_DYNSYM
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, sym_size):
            name_at, _info, _other, shndx, value, length = struct.unpack_from("<IBBHQQ", library, at)
            name = library[strings + name_at:library.index(b"\0", strings + name_at)]
            if _SYMBOL.fullmatch(name) and shndx:
                _n, _k, _f, addr, sec_offset, *_rest = sections[shndx]
                start = sec_offset + value - addr
                return name.decode(), library[start:start + length]
    raise ValueError("no icudtNN_dat symbol: not an ICU data library")


def package_items(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(item name with its "icudtNNl/" prefix, item bytes)]) of an ICU common data package."""
    header_size, = struct.unpack_from("<H", package, 0)
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = package[header_size:]
    count, = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    ends = [data_at for _name_at, data_at in entries[1:]] + [len(toc)]
    items = [(toc[name_at:toc.index(b"\0", name_at)].decode("ascii"), toc[data_at:end])
             for (name_at, data_at), end in zip(entries, ends, strict=True)]
    return package[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """An ICU common data package of these items (kept in the given, sorted, order)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in items)
    names_at = 4 + 8 * len(items)
    data_at = _aligned(names_at + len(names))
    table, body = [struct.pack("<I", len(items))], []
    name_at = names_at
    for name, data in items:
        table.append(struct.pack("<II", name_at, data_at + sum(map(len, body))))
        name_at += len(name) + 1
        body.append(data + _PAD * (_aligned(len(data)) - len(data)))
    toc = b"".join(table) + names
    return header + toc + _PAD * (data_at - len(toc)) + b"".join(body)


def max_char_bytes(item: bytes) -> int:
    """For a converter table (.cnv): the most bytes one character takes (1 for single-byte code pages)."""
    header_size, = struct.unpack_from("<H", item, 0)
    return item[header_size + 71]                             # UConverterStaticData.maxBytesPerChar


def chosen_items(items: list[tuple[str, bytes]], kept: Callable[[str, int], bool]) -> list[tuple[str, bytes]]:
    """The items ``kept(name without its prefix, max_char_bytes)`` accepts (max_char_bytes: 0 if not a .cnv)."""
    def keep(name: str, data: bytes) -> bool:
        short = name.split("/", 1)[1]
        return kept(short, max_char_bytes(data) if short.endswith(".cnv") else 0)
    return [(name, data) for name, data in items if keep(name, data)]


def trimmed_library(source: str, target: Path, kept: Callable[[str, int], bool]) -> tuple[int, int]:
    """Write to ``target`` (named like ``source``, e.g. libicudata.so.73) an ICU data library holding the
    items ``kept`` accepts (see chosen_items). Returns (items kept, items in the source)."""
    symbol, package = linked_package(Path(source).read_bytes())
    header, items = package_items(package)
    chosen = chosen_items(items, kept)
    target.parent.mkdir(parents=True, exist_ok=True)
    data_file = target.with_suffix(".dat")
    data_file.write_bytes(write_package(header, chosen))
    assembly = target.with_suffix(".s")
    assembly.write_text(f'\t.section .rodata\n\t.balign {_ALIGN}\n\t.globl {symbol}\n\t.type {symbol}, @object\n'
                        f'{symbol}:\n\t.incbin "{data_file.name}"\n\t.size {symbol}, . - {symbol}\n'
                        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    obj = target.with_suffix(".o")
    subprocess.run(["as", "-o", obj.name, assembly.name], cwd=target.parent, check=True)
    subprocess.run(["ld", "-shared", "-soname", Path(source).name, "-o", target.name, obj.name],
                   cwd=target.parent, check=True)
    return len(chosen), len(items)


def _aligned(size: int) -> int:
    return -(-size // _ALIGN) * _ALIGN
