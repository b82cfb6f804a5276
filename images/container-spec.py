#!/usr/bin/python3
"""The process a container runtime starts for an image, from its config: run-image.sh's helper.

  container-spec.py CONFIG.json REPLACE_ENTRYPOINT(0|1) [--env-file=F]... [--env=K=V]... [--workdir=D] -- [ARG...]

Prints, NUL-separated: user, working directory, the number of environment entries, the entries (image Env,
then the env files in order, then --env; later ones win, as a pod's env wins over the image's), then argv.
--workdir replaces the image's WorkingDir (a container's workingDir). ARGs replace Cmd (Kubernetes `args`), or the Entrypoint with REPLACE_ENTRYPOINT=1 (`command`, which also
drops Cmd). An env file holds KEY=VALUE lines (values taken verbatim; blank lines and # comments skipped).
"""
import json
import re
import sys

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def parse_env_file(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep or not NAME.match(key):
                raise ValueError(f"{path}:{n}: expected KEY=VALUE, got {line!r}")
            out.append((key, value))
    return out


def main(argv):
    config_path, replace = argv[1], argv[2] == "1"
    rest = argv[3:]
    sep = rest.index("--") if "--" in rest else len(rest)
    opts, args = rest[:sep], rest[sep + 1:]
    with open(config_path, encoding="utf-8") as f:
        cfg = json.load(f).get("config") or {}
    env = {}
    workdir = cfg.get("WorkingDir") or "/"
    for entry in cfg.get("Env") or []:
        k, _, v = entry.partition("=")
        env[k] = v
    for opt in opts:
        if opt.startswith("--env-file="):
            env.update(parse_env_file(opt[len("--env-file="):]))
        elif opt.startswith("--env="):
            k, sep2, v = opt[len("--env="):].partition("=")
            if not sep2 or not NAME.match(k):
                raise ValueError(f"--env {opt}: expected KEY=VALUE")
            env[k] = v
        elif opt.startswith("--workdir="):
            workdir = opt[len("--workdir="):]
        else:
            raise ValueError(f"unknown option {opt}")
    entrypoint = cfg.get("Entrypoint") or []
    cmd = cfg.get("Cmd") or []
    if replace:
        entrypoint, cmd = args, []
    elif args:
        cmd = args
    user = cfg.get("User") or "0"
    fields = [user, workdir, str(len(env))]
    fields += [f"{k}={v}" for k, v in env.items()]
    fields += entrypoint + cmd
    sys.stdout.write("\0".join(fields) + "\0")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError, json.JSONDecodeError) as e:
        print(f"container-spec: {e}", file=sys.stderr)
        sys.exit(2)
