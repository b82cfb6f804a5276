#!/usr/bin/env python3
"""Offline checks of the seqbind Galaxy wrappers (planemo is not available here).

For every tool XML: expand macros.xml (imports, tokens, xml macros with yield) the way Galaxy does,
validate the expanded tool against galaxy.xsd with xmllint, check that every seqbind option in the
command and in param 'argument' attributes is listed by `seqbind <cmd> --help`, and that each <test>
names existing params and existing test-data files.

usage: check_tools.py XSD TOOL.xml...
"""
import copy
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))


def load_macros(tool_root, tool_dir):
    xml_macros, tokens = {}, {}
    macros_el = tool_root.find("macros")
    if macros_el is None:
        return xml_macros, tokens
    sources = []
    for child in macros_el:
        if child.tag == "import":
            sources.extend(ET.parse(os.path.join(tool_dir, child.text.strip())).getroot())
        else:
            sources.append(child)
    for el in sources:
        if el.tag == "xml":
            xml_macros[el.get("name")] = el
        elif el.tag == "token":
            tokens["@%s@" % el.get("name").strip("@")] = el.text or ""
    tool_root.remove(macros_el)
    return xml_macros, tokens


def expand(parent, xml_macros):
    changed = True
    while changed:
        changed = False
        for i, child in enumerate(list(parent)):
            if child.tag != "expand":
                continue
            name = child.get("macro")
            if name not in xml_macros:
                raise SystemExit("unknown macro %r" % name)
            body = [copy.deepcopy(c) for c in xml_macros[name]]
            new = []
            for b in body:
                if b.tag == "yield":
                    new.extend(copy.deepcopy(c) for c in child)
                else:
                    replace_yield(b, list(child))
                    new.append(b)
            parent.remove(child)
            for j, n in enumerate(new):
                parent.insert(i + j, n)
            changed = True
            break
    for child in parent:
        expand(child, xml_macros)


def replace_yield(el, content):
    for i, child in enumerate(list(el)):
        if child.tag == "yield":
            el.remove(child)
            for j, c in enumerate(content):
                el.insert(i + j, copy.deepcopy(c))
        else:
            replace_yield(child, content)


def apply_tokens(el, tokens):
    def sub(s):
        if s is None:
            return s
        for k, v in tokens.items():
            s = s.replace(k, v)
        return s
    el.text, el.tail = sub(el.text), sub(el.tail)
    for k in list(el.attrib):
        el.attrib[k] = sub(el.attrib[k])
    for c in el:
        apply_tokens(c, tokens)


def help_options(cmd, cache={}):
    if cmd not in cache:
        out = subprocess.run(["seqbind", cmd, "--help"], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit("seqbind %s --help failed: %s" % (cmd, out.stderr))
        text = out.stdout
        opts = set(re.findall(r"--(?:\[no-\])?([a-z][a-z0-9-]*)", text))
        opts |= {"no-" + o for o in re.findall(r"--\[no-\]([a-z][a-z0-9-]*)", text)}
        cache[cmd] = opts
    return cache[cmd]


def param_names(inputs):
    names = set()
    for p in inputs.iter("param"):
        n = p.get("name") or (p.get("argument") or "").lstrip("-").replace("-", "_")
        names.add(n)
    for tag in ("conditional", "section", "repeat"):
        for el in inputs.iter(tag):
            names.add(el.get("name"))
    return names


def check(xsd, path):
    errors = []
    tool_dir = os.path.dirname(os.path.abspath(path))
    root = ET.parse(path).getroot()
    xml_macros, tokens = load_macros(root, tool_dir)
    expand(root, xml_macros)
    apply_tokens(root, tokens)
    left = [t for t in re.findall(r"@[A-Z_]+@", ET.tostring(root, encoding="unicode"))]
    if left:
        errors.append("unexpanded tokens: %s" % sorted(set(left)))
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(ET.tostring(root, encoding="unicode"))
        expanded = f.name
    r = subprocess.run(["xmllint", "--noout", "--schema", xsd, expanded], capture_output=True, text=True)
    os.unlink(expanded)
    if r.returncode != 0:
        errors.append("xsd: " + r.stderr.strip().replace(expanded, os.path.basename(path)))

    command = root.find("command").text
    m = re.search(r"^\s*seqbind ([a-z]+)\s*$", command, re.M)
    if not m:
        errors.append("no 'seqbind <cmd>' line in the command")
        return errors
    sub = m.group(1)
    known = help_options(sub)
    used = set(re.findall(r"(?<![\w-])--([a-z][a-z0-9-]*)", command))
    used |= {p.get("argument").lstrip("-") for p in root.iter("param") if p.get("argument")}
    used |= {v.lstrip("-") for p in root.iter("param") for v in (p.get("truevalue"), p.get("falsevalue")) if v}
    for opt in sorted(used - known):
        errors.append("option --%s is not in `seqbind %s --help`" % (opt, sub))
    if "--store" not in command:
        errors.append("command does not pass --store")

    names = param_names(root.find("inputs"))
    outputs = {o.get("name") for o in root.find("outputs")}
    tests = root.find("tests")
    if tests is None or len(tests) == 0:
        errors.append("no tests")
    else:
        for n, test in enumerate(tests, 1):
            for p in test.iter("param"):
                if p.get("name") not in names:
                    errors.append("test %d: unknown param %r" % (n, p.get("name")))
                v = p.get("value")
                if v and p.get("ftype") and not os.path.exists(os.path.join(tool_dir, "test-data", v)):
                    errors.append("test %d: missing test-data/%s" % (n, v))
            for o in list(test.iter("output")) + list(test.iter("output_collection")):
                if o.get("name") not in outputs:
                    errors.append("test %d: unknown output %r" % (n, o.get("name")))
            for e in test.iter():
                if e.tag in ("has_line_matching", "has_text_matching"):
                    try:
                        re.compile(e.get("expression"))
                    except re.error as ex:
                        errors.append("test %d: bad regex %r: %s" % (n, e.get("expression"), ex))
    for tag in ("help", "citations"):
        if root.find(tag) is None:
            errors.append("no <%s>" % tag)
    if root.find("command").get("detect_errors") != "exit_code":
        errors.append("command lacks detect_errors=\"exit_code\"")
    return errors


def main():
    xsd, tools = sys.argv[1], sys.argv[2:]
    failed = False
    for t in tools:
        errs = check(xsd, t)
        name = os.path.basename(t)
        if errs:
            failed = True
            for e in errs:
                print("%s: %s" % (name, e))
        else:
            print("%s: ok (expanded, valid against galaxy.xsd, options match --help)" % name)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
