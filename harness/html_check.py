"""Checks a racelab page (index.html) and Chromium's screenshot of it.

usage: html_check.py PAGE.html SCREENSHOT.png

The page: no script or img element, the hostile strings shown as text,
the grid's cells coloured as their verdicts say, the marked and pointed-at
lines lit, the raw output a click away. The screenshot: not blank, and the
grid's green, red and grey drawn. Prints one line per failed check and
exits 1 when any failed.
"""
import html.parser
import struct
import sys
import zlib

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


# ---- the page, as a browser's parser reads it


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}
        self.stack = []  # (tag, class)
        self.text = []
        self.grid_header = []
        self.grid_cells = []  # (class, text)
        self.code_rows = []  # [class, text]
        self.in_grid = False

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "table" and cls == "grid":
            self.in_grid = True
        if tag == "tr" and any(t == "table" and c == "code" for t, c in self.stack):
            self.code_rows.append([cls, ""])
        if self.in_grid and tag == "td" and cls != "variant":
            self.grid_cells.append([cls, ""])
        self.stack.append((tag, cls))

    def handle_endtag(self, tag):
        while self.stack:
            t, c = self.stack.pop()
            if t == tag:
                break
        if tag == "table" and self.in_grid and not any(
                t == "table" for t, _ in self.stack):
            self.in_grid = False

    def handle_data(self, data):
        self.text.append(data)
        tags = [t for t, _ in self.stack]
        if self.in_grid and "thead" in tags and tags[-1] == "th":
            self.grid_header.append(data)
        if (self.in_grid and tags and tags[-1] == "td" and self.grid_cells
                and self.stack[-1][1] != "variant"):
            self.grid_cells[-1][1] += data
        if self.code_rows and "tr" in tags and any(
                t == "table" and c == "code" for t, c in self.stack):
            self.code_rows[-1][1] += data


VERDICT_CLASS = {
    "detected": "pass", "clean": "pass", "not-shown": "pass",
    "false-positive": "pass", "missed": "fail", "unexpected": "fail",
    "flagged": "fail", "hung": "fail", "error": "fail", "blind": "grey",
    "no-contract": "grey",
}


def check_page(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    p = Page()
    p.feed(text)
    all_text = "".join(p.text)

    check(p.tags.get("script", 0) == 0,
          "the page holds a <script> element: hostile text became markup")
    check(p.tags.get("img", 0) == 0,
          "the page holds an <img> element: hostile text became markup")
    check(b"<script" not in raw.lower(), "the bytes '<script' are in the page")
    check("&lt;script&gt;document.body.innerHTML = 'owned'&lt;/script&gt;" in text,
          "the hostile headline is not in the page, escaped")
    check("<script>document.body.innerHTML = 'owned'</script>" in all_text,
          "the hostile headline does not read as text")
    check('<img src=x onerror="document.title=\'owned\'">' in all_text,
          "the hostile <img> does not read as text")

    for d in ("native", "tsan", "helgrind", "watchdog"):
        check(d in p.grid_header, "the grid has no column %s" % d)
    check(len(p.grid_cells) >= 8,
          "the grid has %d cells, want 2 programs x 4 detectors" % len(p.grid_cells))
    seen = set()
    for cls, cell in p.grid_cells:
        verdict = cell.split(" ")[0]
        want = "v-" + VERDICT_CLASS.get(verdict, "other") if cell != "-" else "v-none"
        check(cls == want, "the grid cell '%s' is coloured %s, want %s" % (cell, cls, want))
        seen.add(cls)
    for cls in ("v-pass", "v-fail", "v-grey"):
        check(cls in seen, "no cell of the grid is %s" % cls)

    classes = [c for c, _ in p.code_rows]
    check("hit mark" in classes,
          "no source line is both marked and pointed at (counter_increment's race)")
    check(any("mark" in c and "</pre></td></tr></table><script>" in t
              for c, t in p.code_rows),
          "html_hostile's marked line is not shown lit, as text")
    check("<b>bold</b> & \"quoted\"" in all_text,
          "the hostile class line is not shown as text")
    check(p.tags.get("details", 0) >= 8 and p.tags.get("pre", 0) >= 1,
          "the raw output is not a click away (<details> with <pre>)")


# ---- the screenshot, decoded without PIL


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("a PNG kind this check does not read")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def check_screenshot(path):
    width, height, bpp, rows = png_pixels(path)
    colours = {"green (pass)": (0xbf, 0xe6, 0xbf), "red (fail)": (0xf3, 0xa9, 0xa9),
               "grey (blind)": (0xd8, 0xd8, 0xd8)}
    found = dict.fromkeys(colours, 0)
    ink = 0
    for line in rows:
        for x in range(0, width * bpp, bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if (r, g, b) != (255, 255, 255):
                ink += 1
            for name, (cr, cg, cb) in colours.items():
                if abs(r - cr) <= 4 and abs(g - cg) <= 4 and abs(b - cb) <= 4:
                    found[name] += 1
    share = ink / float(width * height)
    print("screenshot %dx%d: %.1f%% not white; %s" % (
        width, height, 100 * share,
        ", ".join("%s %d px" % kv for kv in found.items())))
    check(share > 0.03, "the screenshot is blank: %.2f%% of it is not white" % (100 * share))
    # the legend's three badges take some 350 pixels of each colour; a
    # grid cell about 1500
    for name, n in found.items():
        check(n >= 800, "the screenshot shows no %s cell (%d pixels)" % (name, n))


def main():
    check_page(sys.argv[1])
    check_screenshot(sys.argv[2])
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: the page holds the grid, lit lines, escaped text; Chromium drew it")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
