#!/usr/bin/python3
"""Opens a seqbind HTML report in headless Chromium as a person would and checks that every section rendered.

usage: check_report.py REPORT.html SHOT.png EXPECT_JSON

EXPECT_JSON maps model names to expected element counts, e.g.
  {"ctcf": {"logos": 6, "mutmaps": 3, "effects": 10}}   (add "calibrated": false for a model trained without
  calibration: its calibration section then says so instead of showing the search table)
Steps: (1) Chromium loads a copy of the page with a measuring script appended and dumps the DOM: per section
its box, and the rendered (non-zero sized) charts, logos, maps and table rows; (2) Chromium screenshots the
page itself at its full height; (3) every section's box in the screenshot must hold enough non-white pixels
(non-blank), and the counts must match. Prints one summary line; exits 1 naming what failed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from PIL import Image

SECTIONS = ["summary", "curves", "calibration", "training", "motifs", "mutmaps", "variants", "provenance"]
WIDTH = 1280

MEASURE = """
<script>
window.addEventListener('load', () => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height]; };
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const out = {height: document.documentElement.scrollHeight, models: []};
  for (const a of document.querySelectorAll('article.model')) {
    const m = {name: a.querySelector('h2').textContent, sections: {}};
    for (const s of a.querySelectorAll('section[data-section]')) {
      m.sections[s.dataset.section] = {
        box: box(s),
        charts: [...s.querySelectorAll('svg.chart')].filter(shown).length,
        lines: [...s.querySelectorAll('svg.chart polyline.series')].filter(p => p.getAttribute('points').split(' ').length > 1).length,
        logos: [...s.querySelectorAll('figure.logo svg')].filter(shown).length,
        mutmaps: [...s.querySelectorAll('figure.mutmap svg')].filter(shown).length,
        rows: [...s.querySelectorAll('tbody tr')].length,
        missing: [...s.querySelectorAll('.missing')].map(e => e.textContent),
        items: [...s.querySelectorAll(':scope > table, :scope svg:not(svg svg)')].map(box),
      };
    }
    out.models.push(m);
  }
  const pre = document.createElement('pre');
  pre.id = 'render-check';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def chromium(*args):
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
           "--disable-extensions", "--allow-file-access-from-files", "--virtual-time-budget=5000"] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def fail(msg):
    print("check-report: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 4:
        fail(__doc__)
    report, shot, expect = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    page = open(report, encoding="utf-8").read()
    if re.search(r'(src|href)="(?!#)', page) or "<link" in page:
        fail("the report loads something from outside itself")
    tmp = tempfile.mkdtemp(prefix="check-report.")
    try:
        probe = os.path.join(tmp, "probe.html")
        with open(probe, "w", encoding="utf-8") as f:
            f.write(page.replace("</body>", MEASURE + "</body>"))
        dom = chromium("--window-size=%d,1000" % WIDTH, "--dump-dom", "file://" + probe)
        found = re.search(r'<pre id="render-check">(.*?)</pre>', dom.stdout, re.S)
        if not found:
            fail("chromium did not render the page: " + dom.stderr[-500:])
        data = json.loads(found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                          .replace("&amp;", "&"))
        height = int(data["height"]) + 20
        res = chromium("--window-size=%d,%d" % (WIDTH, height), "--screenshot=" + os.path.abspath(shot),
                       "file://" + os.path.abspath(report))
        if res.returncode != 0 or not os.path.exists(shot):
            fail("chromium screenshot failed: " + res.stderr[-500:])
    finally:
        shutil.rmtree(tmp)

    image = Image.open(shot).convert("L")
    names = [m["name"].split(":")[0] for m in data["models"]]
    if sorted(names) != sorted(expect):
        fail("models in the report %s, expected %s" % (names, sorted(expect)))
    checked = 0
    for m in data["models"]:
        want = expect[m["name"].split(":")[0]]
        for name in SECTIONS:
            s = m["sections"].get(name)
            if s is None:
                fail("%s: section %s missing" % (m["name"], name))
            missing = [t for t in s["missing"] if not (name == "calibration" and not want.get("calibrated", True)
                                                       and t.startswith("no calibration was run"))]
            if missing:
                fail("%s: section %s says: %s" % (m["name"], name, missing[0]))
            _, _, w, h = (int(round(v)) for v in s["box"])
            if w < 100 or h < 30:
                fail("%s: section %s is %dx%d px" % (m["name"], name, w, h))
            if not s["items"]:
                fail("%s: section %s has no table or drawing" % (m["name"], name))
            # each table and drawing of the section must show in the screenshot: enough non-white pixels
            for i, (x, y, w, h) in enumerate([int(round(v)) for v in b] for b in s["items"]):
                crop = image.crop((x, y, min(x + w, image.width), min(y + h, image.height)))
                share = sum(crop.histogram()[:245]) / float(max(1, crop.width * crop.height))
                if w < 20 or h < 10 or share < 0.02:
                    fail("%s: section %s, item %d (%dx%d px) is blank in the screenshot (%.4f of its pixels drawn)"
                         % (m["name"], name, i + 1, w, h, share))
            checked += 1
        sec = m["sections"]
        counts = {"ROC/PR charts": (sec["curves"]["charts"], 2), "ROC/PR lines": (sec["curves"]["lines"] >= 3, True),
                  "training charts": (sec["training"]["charts"], 2),
                  "training lines": (sec["training"]["lines"], 2),
                  "reliability rows": (sec["calibration"]["rows"] >= 10, True),
                  "logos": (sec["motifs"]["logos"], want["logos"]), "mutation maps": (sec["mutmaps"]["mutmaps"], want["mutmaps"]),
                  "effect rows": (sec["variants"]["rows"], want["effects"]),
                  "provenance rows": (sec["provenance"]["rows"] >= 6, True)}
        for what, (got, expected) in counts.items():
            if got != expected:
                fail("%s: %s: %s, expected %s" % (m["name"], what, got, expected))
    print("check-report: ok: %d models, %d sections rendered and non-blank, screenshot %dx%d, report %d bytes"
          % (len(data["models"]), checked, image.width, image.height, os.path.getsize(report)))


if __name__ == "__main__":
    main()
