#!/usr/bin/python3
"""Runs the seqbind Galaxy tools' <test>s the way Galaxy runs a job (planemo is not installable here).

For each tool: expand macros (check_tools.py), bind each <test>'s params to the tool's <inputs> as Galaxy does
(defaults, conditionals, sections, repeats; datasets as wrappers with is_of_type/ext), render <configfiles> and
<command> with Cheetah (Debian's python3-cheetah, Galaxy's templating engine), run the script with bash in a fresh
job folder, collect the outputs (data outputs by name, <filter>s, collections by discover_datasets), and check
the test: expect_failure / expect_exit_code, expect_num_outputs, assert_contents, assert_stdout/assert_stderr,
output_collection counts and elements.

usage: run_tests.py TOOL.xml...   (seqbind on PATH; test-data/ beside the tools)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from Cheetah.Template import Template

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from check_tools import apply_tokens, expand, load_macros  # noqa: E402

# Galaxy datatypes the tools use, each with the types it is a subclass of (is_of_type is true for those too).
DATATYPES = {
    "tabular": {"tabular", "txt", "data"}, "txt": {"txt", "data"}, "fasta": {"fasta", "sequence", "txt", "data"},
    "bed": {"bed", "interval", "tabular", "txt", "data"}, "encodepeak": {"encodepeak", "interval", "tabular", "txt", "data"},
    "vcf": {"vcf", "tabular", "txt", "data"}, "json": {"json", "txt", "data"}, "onnx": {"onnx", "binary", "data"},
    "svg": {"svg", "xml", "txt", "data"},
}


class Value(str):
    """A parameter as Galaxy's InputValueWrapper: its text in the command, its truth from the typed value."""

    def __new__(cls, text, truth):
        v = str.__new__(cls, text)
        v.truth = truth
        return v

    def __bool__(self):
        return bool(self.truth)

    @property
    def value(self):
        return str(self)


class Dataset(str):
    """A dataset as Galaxy's DatasetFilenameWrapper: its path in the command, is_of_type, ext."""

    def __new__(cls, path, ext):
        d = str.__new__(cls, path)
        d.ext = d.extension = ext
        d.name = d.element_identifier = os.path.basename(path)
        d.file_name = path
        return d

    def is_of_type(self, *types):
        return any(t in DATATYPES.get(self.ext, {self.ext}) for t in types)


class NoDataset(str):
    """An optional dataset left empty: false, 'None' in text (as Galaxy's NoneDataset)."""

    def __new__(cls):
        return str.__new__(cls, "None")

    def __bool__(self):
        return False

    def is_of_type(self, *types):
        return False


class Group(dict):
    """A conditional or section: attribute access to its params; a conditional's text is its selector value."""

    def __init__(self, items, text=""):
        super().__init__(items)
        self.text = text

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def __str__(self):
        return self.text


def test_values(el):
    """A <test> (or a conditional/section/repeat in it) as a dict: param -> (value, ftype), groups nested."""
    values = {}
    for c in el:
        if c.tag == "param":
            values[c.get("name")] = (c.get("value"), c.get("ftype"))
        elif c.tag in ("conditional", "section"):
            values[c.get("name")] = test_values(c)
        elif c.tag == "repeat":
            values.setdefault(c.get("name"), []).append(test_values(c))
    return values


def param_name(p):
    return p.get("name") or (p.get("argument") or "").lstrip("-").replace("-", "_")


def bind(inputs, given, top, staged):
    """Galaxy's binding of test values to the tool's inputs: given (this level) first, then top-level names."""
    out = {}
    for el in inputs:
        if el.tag == "param":
            name = param_name(el)
            val = given.get(name, top.get(name))
            out[name] = value(el, val, staged)
        elif el.tag == "conditional":
            sub = given.get(el.get("name"), {})
            selector = el.find("param")
            sel_name = param_name(selector)
            sel_given = sub.get(sel_name, top.get(sel_name))
            sel = value(selector, sel_given, staged)
            when = next((w for w in el.findall("when") if w.get("value") == str(sel)), None)
            items = {sel_name: sel}
            if when is not None:
                items.update(bind(list(when), sub, top, staged))
            out[el.get("name")] = Group(items, str(sel))
        elif el.tag == "section":
            out[el.get("name")] = Group(bind(list(el), given.get(el.get("name"), {}), top, staged))
        elif el.tag == "repeat":
            instances = given.get(el.get("name"), [])
            minimum = int(el.get("min", "0"))
            instances = instances + [{}] * max(0, minimum - len(instances))
            out[el.get("name")] = [Group(bind(list(el), inst, {}, staged)) for inst in instances]
    return out


def value(p, given, staged):
    ptype = p.get("type")
    text = given[0] if given is not None else None
    if ptype == "data":
        if text is None:
            return NoDataset()
        src = os.path.join(HERE, "test-data", text)
        if not os.path.exists(src):
            raise SystemExit("test-data/%s missing" % text)
        ext = given[1] or (p.get("format") or "data").split(",")[0]
        dst = os.path.join(staged, "dataset_%d.dat" % len(os.listdir(staged)))
        shutil.copy(src, dst)  # Galaxy's inputs are files named dataset_N.dat: the tool cannot rely on names
        return Dataset(dst, ext)
    if ptype == "select":
        options = p.findall("option")
        if text is None:
            chosen = [o for o in options if o.get("selected") == "true"] or options[:1]
            text = chosen[0].get("value") if chosen else ""
        return Value(text, text)
    if ptype == "boolean":
        checked = (text if text is not None else p.get("checked", "false")).lower() in ("true", "yes", "1")
        return Value(p.get("truevalue", "true") if checked else p.get("falsevalue", "false"), checked)
    if text is None:
        text = p.get("value", "")
    if ptype == "integer":
        return Value(text, int(text)) if text.strip() else Value("", None)  # unset optional: empty, false
    if ptype == "float":
        return Value(text, float(text)) if text.strip() else Value("", None)
    return Value(text, text)


def render(template, namespace):
    return str(Template(template, searchList=[namespace]))


def check_text(what, text, asserts):
    """Galaxy's assert_contents checks; returns the failures."""
    errors = []
    lines = text.splitlines()
    for a in asserts:
        t = a.tag
        if t == "has_line" and a.get("line") not in lines:
            errors.append("%s: no line %r" % (what, a.get("line")))
        elif t == "has_line_matching" and not re.search("^%s$" % a.get("expression"), text, re.M):
            errors.append("%s: no line matching %r" % (what, a.get("expression")))
        elif t == "has_text" and a.get("text") not in text:
            errors.append("%s: no text %r" % (what, a.get("text")))
        elif t == "not_has_text" and a.get("text") in text:
            errors.append("%s: has text %r" % (what, a.get("text")))
        elif t == "has_text_matching" and not re.search(a.get("expression"), text):
            errors.append("%s: nothing matches %r" % (what, a.get("expression")))
        elif t == "has_n_lines":
            n, delta = int(a.get("n")), int(a.get("delta", "0"))
            if abs(len(lines) - n) > delta:
                errors.append("%s: %d lines, expected %d" % (what, len(lines), n))
        elif t == "has_n_columns":
            n = int(a.get("n"))
            sep = a.get("sep", "\t")
            bad = [i + 1 for i, l in enumerate(lines) if l and not l.startswith(a.get("comment", "#") or "\0")
                   and len(l.split(sep)) != n]
            if bad:
                errors.append("%s: line %d has not %d columns" % (what, bad[0], n))
        elif t == "has_size":
            size, want, delta = len(text.encode()), int(a.get("value", a.get("size", "0"))), int(a.get("delta", "0"))
            if abs(size - want) > delta:
                errors.append("%s: %d bytes, expected %d +- %d" % (what, size, want, delta))
        elif t not in ("has_line", "has_line_matching", "has_text", "not_has_text", "has_text_matching"):
            errors.append("%s: assertion <%s> not supported by this runner" % (what, t))
    return errors


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def run_test(root, n, test, work):
    job = os.path.join(work, "job%d" % n)
    staged = os.path.join(work, "inputs%d" % n)
    outdir = os.path.join(work, "outputs%d" % n)
    for d in (job, staged, outdir):
        os.makedirs(d)
    given = test_values(test)
    ns = bind(list(root.find("inputs")), given, given, staged)
    outputs = {}
    for o in root.find("outputs"):
        if o.tag == "data":
            outputs[o.get("name")] = os.path.join(outdir, "%s.dat" % o.get("name"))
    ns.update({k: Dataset(v, "data") for k, v in outputs.items()})
    configfiles = root.find("configfiles")
    if configfiles is not None:
        for cf in configfiles.findall("configfile"):
            path = os.path.join(job, "configfile_%s" % cf.get("name"))
            with open(path, "w") as f:
                f.write(render(cf.text or "", ns))
            ns[cf.get("name")] = path
    # Galaxy runs the rendered command as one line: newlines become spaces (tools chain steps with &&)
    command = " ".join(line.strip() for line in render(root.find("command").text, ns).splitlines()).strip()
    with open(os.path.join(job, "tool_script.sh"), "w") as f:
        f.write(command)
    r = subprocess.run(["bash", "tool_script.sh"], cwd=job, capture_output=True, text=True)
    errors = []
    expect_failure = test.get("expect_failure") == "true"
    if expect_failure:
        if r.returncode == 0:
            errors.append("exit 0, expected a failure")
        if test.get("expect_exit_code") and str(r.returncode) != test.get("expect_exit_code"):
            errors.append("exit %d, expected %s" % (r.returncode, test.get("expect_exit_code")))
    elif r.returncode != 0:
        errors.append("exit %d: %s" % (r.returncode, (r.stderr or r.stdout).strip()[-400:]))
    for tag, stream in (("assert_stdout", r.stdout), ("assert_stderr", r.stderr)):
        for a in test.findall(tag):
            errors += check_text(tag, stream, list(a))
    # outputs that exist after the job: data outputs whose <filter> holds, discovered collections
    produced = {}
    for o in root.find("outputs"):
        name = o.get("name")
        if o.tag == "data":
            f = o.find("filter")
            if f is not None and not eval(f.text.strip(), {}, dict(ns)):
                continue
            produced[name] = outputs[name]
        elif o.tag == "collection":
            dd = o.find("discover_datasets")
            folder = os.path.join(job, dd.get("directory", ""))
            pattern = re.compile(dd.get("pattern"))
            found = []
            if os.path.isdir(folder):
                for fn in sorted(os.listdir(folder)):
                    m = pattern.match(fn)
                    if m:
                        found.append((m.group("designation"), os.path.join(folder, fn)))
            produced[name] = found
    if not expect_failure:
        if test.get("expect_num_outputs") and int(test.get("expect_num_outputs")) != len(produced):
            errors.append("%d outputs, expected %s" % (len(produced), test.get("expect_num_outputs")))
        for o in test.findall("output"):
            path = produced.get(o.get("name"))
            if path is None or not os.path.exists(path):
                errors.append("output %s not written" % o.get("name"))
                continue
            if o.get("file"):
                if read(path) != read(os.path.join(HERE, "test-data", o.get("file"))):
                    errors.append("output %s differs from test-data/%s" % (o.get("name"), o.get("file")))
            for a in o.findall("assert_contents"):
                errors += check_text("output " + o.get("name"), read(path), list(a))
        for oc in test.findall("output_collection"):
            found = dict(produced.get(oc.get("name"), []))
            if oc.get("count") and int(oc.get("count")) != len(found):
                errors.append("collection %s: %d elements, expected %s" % (oc.get("name"), len(found), oc.get("count")))
            for e in oc.findall("element"):
                if e.get("name") not in found:
                    errors.append("collection %s: no element %s (has %s)" % (oc.get("name"), e.get("name"),
                                                                            sorted(found)[:5]))
                    continue
                for a in e.findall("assert_contents"):
                    errors += check_text("%s/%s" % (oc.get("name"), e.get("name")), read(found[e.get("name")]), list(a))
    return errors, r


def main():
    failed = 0
    total = 0
    for path in sys.argv[1:]:
        tool_dir = os.path.dirname(os.path.abspath(path))
        root = ET.parse(path).getroot()
        xml_macros, tokens = load_macros(root, tool_dir)
        expand(root, xml_macros)
        apply_tokens(root, tokens)
        tests = root.findall("tests/test")
        failures = 0
        for n, test in enumerate(tests, 1):
            total += 1
            work = tempfile.mkdtemp(prefix="galaxy-job.")
            try:
                errors, r = run_test(root, n, test, work)
            finally:
                keep = os.environ.get("KEEP") == "1"
                if not keep:
                    shutil.rmtree(work)
            kind = "error path" if test.get("expect_failure") == "true" else "test"
            if errors:
                failures += 1
                print("%s %s %d: FAIL (exit %d)" % (os.path.basename(path), kind, n, r.returncode))
                for e in errors:
                    print("    " + e)
            else:
                print("%s %s %d: ok (exit %d)" % (os.path.basename(path), kind, n, r.returncode))
        if len(tests) < 2 or not any(t.get("expect_failure") == "true" for t in tests):
            failures += 1
            print("%s: needs >= 2 tests, one of them on an error path (expect_failure)" % os.path.basename(path))
        failed += failures
    print("galaxy-run-tests: %d tests, %d failed" % (total, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
