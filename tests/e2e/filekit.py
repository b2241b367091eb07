"""Small real files for the file tests: a valid PNG of any size, made here rather than stored in the repository."""

from __future__ import annotations

import struct
import zlib


def png_bytes(width: int, height: int, rgb: tuple[int, int, int] = (30, 90, 160)) -> bytes:
    """A ``width`` × ``height`` PNG of one colour (8-bit RGB, no filter)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(
        b"IEND", b""
    )
