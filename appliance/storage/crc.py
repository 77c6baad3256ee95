"""CRC-32 of a whole object from the CRC-32s of its pieces (zlib's crc32_combine, which Python lacks).

Parallel ranged downloads receive an object in pieces that arrive out of order; checksumming each
piece as it lands and combining the results afterwards avoids reading the file back. The maths is
zlib's: appending len2 bytes multiplies the first CRC by x^(8*len2) modulo the CRC polynomial.
"""

from __future__ import annotations

POLY = 0xEDB88320  # the reflected CRC-32 polynomial (as zlib.crc32 uses)


def _multmodp(a: int, b: int) -> int:
    """a(x) * b(x) modulo p(x), in the reflected bit order of CRC-32."""
    m = 1 << 31
    p = 0
    while True:
        if a & m:
            p ^= b
            if (a & (m - 1)) == 0:
                return p
        m >>= 1
        b = (b >> 1) ^ POLY if b & 1 else b >> 1


def _x2n_table() -> list[int]:
    """x^(2^n) modulo p(x) for n = 0..31."""
    table = [0] * 32
    p = 1 << 30  # x^1
    table[0] = p
    for n in range(1, 32):
        p = _multmodp(p, p)
        table[n] = p
    return table


_X2N = _x2n_table()


def _x2nmodp(n: int, k: int) -> int:
    """x^(n * 2^k) modulo p(x)."""
    p = 1 << 31  # x^0
    while n:
        if n & 1:
            p = _multmodp(_X2N[k & 31], p)
        n >>= 1
        k += 1
    return p


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B given crc32(A), crc32(B) and len(B)."""
    return _multmodp(_x2nmodp(len2, 3), crc1) ^ crc2


def combine_pieces(pieces: list[tuple[int, int, int]]) -> tuple[int, int]:
    """CRC-32 and length of the concatenation of (start, length, crc) pieces that tile [0, end)."""
    crc = 0
    end = 0
    for start, length, piece_crc in sorted(pieces):
        if start != end:
            raise ValueError(f"pieces leave a gap or overlap at byte {end} (next piece starts at {start})")
        crc = crc32_combine(crc, piece_crc, length)
        end += length
    return crc, end
