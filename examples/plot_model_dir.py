#!/usr/bin/env python3
"""Draws the scalar summaries of a model directory as an SVG line chart, without TensorBoard.

    python3 examples/plot_model_dir.py MODEL_DIR [-o loss.svg] [--tag loss] [--tag accuracy]

Reads every events.out.tfevents.* file of MODEL_DIR (training curves) and of its eval*/
subdirectories (evaluation points), and plots each tag asked for (default: loss) against the
step: training as a line, evaluations as dots joined by a dashed line. Only the Python standard library is used.

The event file is TensorFlow's record format (length, masked CRC, Event protobuf, masked CRC);
the CRCs are not checked here, a truncated last record is ignored.
"""
import argparse
import glob
import os
import struct
import sys


def _varint(buf, i):
    value, shift = 0, 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i


def _fields(buf):
    """Yields (field number, wire type, value) of one protobuf message."""
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            n, i = _varint(buf, i)
            value, i = buf[i:i + n], i + n
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError("unsupported protobuf wire type %d" % wire)
        yield field, wire, value


def read_scalars(path):
    """{tag: [(step, value), ...]} of the simple_value summaries of one event file."""
    out = {}
    with open(path, "rb") as f:
        data = f.read()
    i = 0
    while i + 12 <= len(data):
        (length,) = struct.unpack_from("<Q", data, i)
        start = i + 12
        if start + length + 4 > len(data):
            break
        event = data[start:start + length]
        i = start + length + 4
        step, summary = 0, None
        for field, _, value in _fields(event):
            if field == 2:
                step = value
            elif field == 5:
                summary = value
        if summary is None:
            continue
        for field, _, value in _fields(summary):
            if field != 1:
                continue
            tag, simple = None, None
            for vf, vw, vv in _fields(value):
                if vf == 1:
                    tag = vv.decode("utf-8", "replace")
                elif vf == 2 and vw == 5:
                    (simple,) = struct.unpack("<f", vv)
            if tag is not None and simple is not None:
                out.setdefault(tag, []).append((step, simple))
    return out


def collect(directory):
    merged = {}
    for path in sorted(glob.glob(os.path.join(directory, "events.out.tfevents.*"))):
        for tag, points in read_scalars(path).items():
            merged.setdefault(tag, []).extend(points)
    for points in merged.values():
        points.sort()
    return merged


def svg(series, title, width=640, height=360):
    """series: [(label, colour, points, as_dots)] -> SVG text."""
    left, right, top, bottom = 64, 16, 32, 40
    xs = [p[0] for _, _, pts, _ in series for p in pts]
    ys = [p[1] for _, _, pts, _ in series for p in pts]
    if not xs:
        raise SystemExit("no points to plot")
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    y0, y1 = min(ys), max(ys) if max(ys) > min(ys) else min(ys) + 1
    sx = lambda x: left + (x - x0) / (x1 - x0) * (width - left - right)
    sy = lambda y: height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom)
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (width, height),
             '<rect width="100%" height="100%" fill="white"/>',
             '<text x="%d" y="20" font-size="14">%s</text>' % (left, title)]
    for k in range(5):
        y = y0 + (y1 - y0) * k / 4
        parts.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, width - right, sy(y), sy(y)))
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%.4g</text>' % (left - 6, sy(y) + 4, y))
        x = x0 + (x1 - x0) * k / 4
        parts.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (sx(x), height - bottom + 16, round(x)))
    parts.append('<text x="%d" y="%d" text-anchor="middle">step</text>' % ((left + width - right) // 2, height - 6))
    for n, (label, colour, points, as_dots) in enumerate(series):
        if as_dots:
            path = " ".join("%.1f,%.1f" % (sx(x), sy(y)) for x, y in points)
            parts.append('<polyline fill="none" stroke="%s" stroke-dasharray="4 3" points="%s"/>' % (colour, path))
            for x, y in points:
                parts.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>' % (sx(x), sy(y), colour))
        else:
            path = " ".join("%.1f,%.1f" % (sx(x), sy(y)) for x, y in points)
            parts.append('<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>' % (colour, path))
        parts.append('<text x="%d" y="%d" fill="%s">%s</text>' % (width - right - 160, top + 14 * (n + 1), colour, label))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir")
    parser.add_argument("-o", "--output", default="curves.svg")
    parser.add_argument("--tag", action="append", help="scalar tag to plot (repeatable; default: loss)")
    args = parser.parse_args(argv)
    tags = args.tag or ["loss"]
    train = collect(args.model_dir)
    evals = {}
    for d in sorted(glob.glob(os.path.join(args.model_dir, "eval*"))):
        if os.path.isdir(d):
            evals[os.path.basename(d)] = collect(d)
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    series = []
    for tag in tags:
        if tag in train:
            series.append(("train " + tag, colours[len(series) % len(colours)], train[tag], False))
        for name, scalars in evals.items():
            if tag in scalars:
                series.append((name + " " + tag, colours[len(series) % len(colours)], scalars[tag], True))
    if not series:
        known = sorted(set(train) | {t for s in evals.values() for t in s})
        raise SystemExit("no tag %s in %s; its tags are: %s" % (", ".join(tags), args.model_dir, ", ".join(known)))
    with open(args.output, "w") as f:
        f.write(svg(series, os.path.basename(os.path.normpath(args.model_dir))))
    print("wrote %s (%s)" % (args.output, ", ".join("%s: %d points" % (s[0], len(s[2])) for s in series)))


if __name__ == "__main__":
    main(sys.argv[1:])
