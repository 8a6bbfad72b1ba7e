"""What the pyplot tests compare between matplotlib's and kscript's SVG of a figure."""
import re
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def style_of(element):
    out = {}
    for part in (element.get("style") or "").split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def summarize(svg):
    root = ET.fromstring(svg)
    texts = []
    colours = set()
    counts = {"text": 0, "image": 0}
    for e in root.iter():
        tag = e.tag.replace(NS, "")
        if tag in counts:
            counts[tag] += 1
        style = style_of(e)
        for key in ("fill", "stroke"):
            value = style.get(key) or e.get(key)
            if value and re.fullmatch(r"#[0-9a-f]{6}", value):
                colours.add(value)
        if tag == "text":
            font = style.get("font-size") or ""
            m = re.search(r"([0-9.]+)px", style.get("font", "") + " " + font)
            texts.append({
                "text": "".join(e.itertext()),
                # Mathtext (matplotlib's 10^n tick labels) places tspans inside a
                # translated group: no position of its own to compare.
                "x": float(e.get("x")) if e.get("x") is not None else None,
                "y": float(e.get("y")) if e.get("y") is not None else None,
                "anchor": style.get("text-anchor", "start"),
                "size": float(m.group(1)) if m else None,
            })
    return {
        "width": root.get("width"),
        "height": root.get("height"),
        "texts": texts,
        "colours": sorted(colours),
        "counts": counts,
    }
