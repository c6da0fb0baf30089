#!/usr/bin/env python3
"""Pixel statistics of a PNG, for tests that check a screenshot is not blank (standard
library only, so that it runs wherever python3 does).

  png-stats.py FILE [#rrggbb ...]

Prints JSON: width, height, the background (the most common colour), the share of
pixels that differ from it by more than 8 in some channel, the number of distinct
colours, and for each colour asked about how many pixels are within 12 of it in every
channel (anti-aliased edges are not, the body of a 2 px line is).

Decodes 8-bit RGB and RGBA without interlacing, which is what Chromium writes. Rows
filtered Up or Sub (most of a screenshot) are undone with whole-row integer arithmetic;
Average and Paeth rows byte by byte.
"""
import collections
import json
import struct
import sys
import zlib


def chunks(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        yield data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length


def add_bytes(a, b, high, low):
    """Byte-wise a + b mod 256 of two rows held as integers, without carries between bytes."""
    return ((a & low) + (b & low)) ^ ((a ^ b) & high)


def decode(path):
    """(width, height, bytes per pixel, the unfiltered pixel bytes)."""
    header, idat = None, []
    for kind, body in chunks(open(path, "rb").read()):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or colour_type not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}, interlace {interlace}")
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    high = int.from_bytes(b"\x80" * stride, "little")
    low = int.from_bytes(b"\x7f" * stride, "little")
    mask = (1 << (8 * stride)) - 1
    rows = []
    prior = bytes(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        if kind == 0:
            row = line
        elif kind == 1:  # Sub: a prefix sum over each channel, by doubling
            value, step = int.from_bytes(line, "little"), bpp
            while step < stride:
                value = add_bytes(value, (value << (8 * step)) & mask, high, low)
                step *= 2
            row = value.to_bytes(stride, "little")
        elif kind == 2:  # Up
            row = add_bytes(int.from_bytes(line, "little"), int.from_bytes(prior, "little"), high, low).to_bytes(stride, "little")
        else:
            out = bytearray(line)
            for i in range(stride):
                left = out[i - bpp] if i >= bpp else 0
                up = prior[i]
                if kind == 3:
                    out[i] = (out[i] + ((left + up) >> 1)) & 0xFF
                else:
                    corner = prior[i - bpp] if i >= bpp else 0
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                    out[i] = (out[i] + predictor) & 0xFF
            row = bytes(out)
        rows.append(row)
        prior = row
    return width, height, bpp, b"".join(rows)


def main():
    path, wanted = sys.argv[1], sys.argv[2:]
    width, height, bpp, pixels = decode(path)
    colours = collections.Counter(zip(pixels[0::bpp], pixels[1::bpp], pixels[2::bpp]))
    background, _ = colours.most_common(1)[0]
    total = width * height

    def near(a, b, tolerance):
        return all(abs(x - y) <= tolerance for x, y in zip(a, b))

    differing = sum(n for colour, n in colours.items() if not near(colour, background, 8))
    found = {}
    for hex_colour in wanted:
        target = tuple(int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
        found[hex_colour] = sum(n for colour, n in colours.items() if near(colour, target, 12))
    print(json.dumps({
        "width": width, "height": height,
        "background": "#%02x%02x%02x" % background,
        "nonBackgroundShare": differing / total if total else 0,
        "distinctColours": len(colours),
        "colours": found,
    }))


if __name__ == "__main__":
    main()
