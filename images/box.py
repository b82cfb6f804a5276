#!/usr/bin/python3
"""Turns the Helm chart's rendered manifests into what images/test.sh starts: the "cluster in a box".

  box.py plan RENDERED.yaml COMPONENT|pod/NAME OUTDIR CLAIMS_DIR
      The Deployment of COMPONENT (label app.kubernetes.io/component), or the Pod NAME (a helm test hook), as
      a bash file OUTDIR/COMPONENT.sh (OUTDIR/NAME.sh):
      image, command/args, the containerPort and readiness probe, the pod's user, and the volumes as
      run-image.sh --volume arguments. Its environment (envFrom ConfigMaps, then env) goes to
      OUTDIR/COMPONENT.env; configMap volumes become files under OUTDIR; every PersistentVolumeClaim is the
      directory CLAIMS_DIR/<claimName>, so pods that share a claim share a directory (the model store).
  box.py hosts RENDERED.yaml NAMESPACE
      /etc/hosts lines mapping every Service's DNS names to 127.0.0.1. The box has no port translation, so a
      Service whose port differs from its pods' containerPort is an error.
  box.py check-keys RENDERED.yaml REPO [--require-all]
      Every key of every service's environment must be a property that service declares (@ConfigProperty in
      its sources, or its application.properties), in Quarkus' environment-variable form, or one the image's
      entrypoint reads (JAVA_OPTS, LD_PRELOAD). --require-all: and every seqbind.* property the service
      declares must be rendered (run it on a rendering that sets each through <service>.config).

  box.py declared REPO
      "component property" lines: every seqbind.* property each service declares.

Errors name the manifest object and key; exit status 1 on a failed check, 2 on bad input.
"""
import glob
import json
import os
import re
import shlex
import sys

import yaml

COMPONENT_MODULE = {"trainer": "trainer-service", "scorer": "scorer-service", "variant": "variant-service"}
# Read by the image itself, not by Quarkus: the entrypoint's `java $JAVA_OPTS` and the dynamic loader.
IMAGE_ENV = {"JAVA_OPTS", "LD_PRELOAD"}


class BoxError(Exception):
    pass


def load(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def find(docs, kind, name=None, component=None):
    out = [d for d in docs if d.get("kind") == kind
           and (name is None or d["metadata"]["name"] == name)
           and (component is None or d["metadata"].get("labels", {}).get("app.kubernetes.io/component") == component)]
    if len(out) != 1:
        raise BoxError(f"expected one {kind} {name or component}, found {len(out)}")
    return out[0]


def container_env(docs, container):
    env = {}
    for src in container.get("envFrom") or []:
        if "configMapRef" not in src:
            raise BoxError(f"envFrom {src}: only configMapRef is emulated")
        env.update(find(docs, "ConfigMap", src["configMapRef"]["name"]).get("data") or {})
    for e in container.get("env") or []:
        if "value" not in e:
            raise BoxError(f"env {e['name']}: valueFrom is not emulated")
        env[e["name"]] = e["value"]
    return env


def port_number(container, port):
    if isinstance(port, int):
        return port
    for p in container.get("ports") or []:
        if p.get("name") == port:
            return p["containerPort"]
    raise BoxError(f"container {container['name']}: no port named {port}")


def plan(rendered, what, outdir, claims):
    docs = load(rendered)
    if what.startswith("pod/"):
        component = what[4:]
        dep = find(docs, "Pod", name=component)
        pod = dep["spec"]
    else:
        component = what
        dep = find(docs, "Deployment", component=component)
        pod = dep["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    env = container_env(docs, c)
    env_path = os.path.join(outdir, component + ".env")
    with open(env_path, "w", encoding="utf-8") as f:
        for k, v in env.items():
            if "\n" in str(v):
                raise BoxError(f"{dep['metadata']['name']}: env {k} holds a newline")
            f.write(f"{k}={v}\n")
    volumes = {v["name"]: v for v in pod.get("volumes") or []}
    binds = []
    for m in c.get("volumeMounts") or []:
        v = volumes[m["name"]]
        ro = ":ro" if m.get("readOnly") else ""
        if m["mountPath"] == "/tmp" and "emptyDir" in v:
            continue  # run-image.sh mounts a fresh tmpfs on /tmp
        if "persistentVolumeClaim" in v:
            host = os.path.join(claims, v["persistentVolumeClaim"]["claimName"])
            os.makedirs(host, exist_ok=True)
            if v["persistentVolumeClaim"].get("readOnly"):
                ro = ":ro"
        elif "emptyDir" in v:
            host = os.path.join(outdir, f"{component}-emptydir-{m['name']}")
            os.makedirs(host, exist_ok=True)
        elif "configMap" in v:
            host = os.path.join(outdir, f"{component}-cm-{m['name']}")
            os.makedirs(host, exist_ok=True)
            for k, val in (find(docs, "ConfigMap", v["configMap"]["name"]).get("data") or {}).items():
                with open(os.path.join(host, k), "w", encoding="utf-8") as f:
                    f.write(val)
            ro = ":ro"
        else:
            raise BoxError(f"{dep['metadata']['name']}: volume {m['name']} {sorted(v)} is not emulated")
        binds.append(f"{host}:{m['mountPath']}{ro}")
    probe = (c.get("readinessProbe") or {}).get("httpGet") or {}
    ports = c.get("ports") or []
    psc, csc = pod.get("securityContext") or {}, c.get("securityContext") or {}
    fields = {
        "name": dep["metadata"]["name"],
        "image": c["image"],
        "working_dir": c.get("workingDir", ""),
        "port": str(ports[0]["containerPort"]) if ports else "",
        "ready_path": probe.get("path", ""),
        "ready_port": str(port_number(c, probe["port"])) if probe else "",
        "run_as_user": str(csc.get("runAsUser", psc.get("runAsUser", ""))),
        "run_as_group": str(csc.get("runAsGroup", psc.get("runAsGroup", ""))),
        "fs_group": str(psc.get("fsGroup", "")),
        "read_only_root": str(bool(csc.get("readOnlyRootFilesystem"))).lower(),
        "env_file": env_path,
    }
    with open(os.path.join(outdir, component + ".sh"), "w", encoding="utf-8") as f:
        for k, v in fields.items():
            f.write(f"{k}={shlex.quote(v)}\n")
        for k, items in (("volumes", binds), ("command", c.get("command") or []), ("args", c.get("args") or [])):
            f.write(f"{k}=({' '.join(shlex.quote(str(x)) for x in items)})\n")


def hosts(rendered, namespace):
    docs = load(rendered)
    deployments = [d for d in docs if d.get("kind") == "Deployment"]
    lines = ["127.0.0.1 localhost"]
    for svc in (d for d in docs if d.get("kind") == "Service"):
        name = svc["metadata"]["name"]
        sel = svc["spec"].get("selector") or {}
        for p in svc["spec"]["ports"]:
            target = p.get("targetPort", p["port"])
            for dep in deployments:
                labels = dep["spec"]["template"]["metadata"]["labels"]
                if all(labels.get(k) == v for k, v in sel.items()):
                    (c,) = dep["spec"]["template"]["spec"]["containers"]
                    if port_number(c, target) != p["port"]:
                        raise BoxError(f"Service {name} port {p['port']} targets {target} = "
                                       f"{port_number(c, target)}: the box cannot translate ports")
        lines.append("127.0.0.1 " + " ".join(
            [name, f"{name}.{namespace}", f"{name}.{namespace}.svc", f"{name}.{namespace}.svc.cluster.local"]))
    print("\n".join(lines))


def env_form(prop):
    """Quarkus' environment-variable name of a property: non-alphanumerics to _, upper case."""
    return re.sub(r"[^A-Za-z0-9]", "_", prop).upper()


def declared(repo, module):
    props = set()
    for src in glob.glob(os.path.join(repo, module, "src/main/java/**/*.java"), recursive=True):
        with open(src, encoding="utf-8") as f:
            props.update(re.findall(r'@ConfigProperty\(\s*name\s*=\s*"([^"]+)"', f.read()))
    with open(os.path.join(repo, module, "src/main/resources/application.properties"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^#?\s*([a-z][a-z0-9.\-\"]*)\s*=", line)
            if m:
                props.add(m.group(1))
    return props


def check_keys(rendered, repo, require_all):
    docs = load(rendered)
    failures = []
    for component, module in COMPONENT_MODULE.items():
        try:
            dep = find(docs, "Deployment", component=component)
        except BoxError:
            continue  # disabled in this rendering
        (c,) = dep["spec"]["template"]["spec"]["containers"]
        env = container_env(docs, c)
        props = declared(repo, module)
        by_env = {env_form(p): p for p in props}
        for key in sorted(env):
            if key in IMAGE_ENV:
                continue
            if key not in by_env:
                failures.append(f"{dep['metadata']['name']}: {key} is rendered but {module} declares no property "
                                f"{key.lower().replace('_', '.')} (nor any with that environment name)")
        if require_all:
            for p in sorted(p for p in props if p.startswith("seqbind.")):
                if env_form(p) not in env:
                    failures.append(f"{dep['metadata']['name']}: {module} declares {p} but the chart does not "
                                    f"render {env_form(p)}")
    for f in failures:
        print("box: " + f, file=sys.stderr)
    return 1 if failures else 0


def main(argv):
    try:
        if len(argv) == 6 and argv[1] == "plan":
            plan(*argv[2:])
        elif len(argv) == 4 and argv[1] == "hosts":
            hosts(argv[2], argv[3])
        elif len(argv) == 3 and argv[1] == "declared":
            for component, module in COMPONENT_MODULE.items():
                for p in sorted(p for p in declared(argv[2], module) if p.startswith("seqbind.")):
                    print(component, p)
        elif len(argv) in (4, 5) and argv[1] == "check-keys":
            return check_keys(argv[2], argv[3], argv[4:] == ["--require-all"])
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (BoxError, KeyError, OSError, yaml.YAMLError) as e:
        print(f"box: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
