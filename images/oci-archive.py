#!/usr/bin/python3
"""Reads and writes the image archives of seqbind's container build, with nothing but the standard library.

  oci-archive.py base ROOTFS.tar OUT.tar   wrap a root filesystem tar (mmdebstrap's) as a one-layer image
                                           archive in `docker save` layout, the form Jib reads as `tar://`
  oci-archive.py config IMAGE.tar          print the image's config (JSON) of an OCI or docker archive
  oci-archive.py digest IMAGE.tar          print the manifest digest (sha256:...), what a registry would
                                           report for the image
  oci-archive.py unpack IMAGE.tar DIR      apply the image's layers in order to DIR (whiteouts honoured),
                                           so the image's own files can be started with chroot

Errors name the archive and the missing or bad entry and exit with status 2.
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile

# The base image's creation time: fixed, so the same root filesystem always gives the same config digest.
BASE_CREATED = "2026-01-01T00:00:00Z"
BASE_ENV = [
    "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "JAVA_HOME=/opt/java/openjdk",
    "LANG=C.UTF-8",
]


class ArchiveError(Exception):
    pass


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def write_base(rootfs, out):
    """The `docker save` layout: manifest.json, the config, one uncompressed layer."""
    diff_id = sha256_file(rootfs)
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": BASE_CREATED,
        "config": {"Env": BASE_ENV},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]},
        "history": [{"created": BASE_CREATED, "created_by": "images/build-base.sh (mmdebstrap bookworm)"}],
    }
    config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_name = diff_id + "/layer.tar"
    manifest = [{"Config": config_name, "RepoTags": ["seqbind/base:bookworm"], "Layers": [layer_name]}]
    tmp = out + ".tmp"
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        add_bytes(tar, config_name, config_bytes)
        info = tar.gettarinfo(rootfs, arcname=layer_name)
        info.mtime, info.uid, info.gid, info.uname, info.gname, info.mode = 0, 0, 0, "", "", 0o644
        with open(rootfs, "rb") as f:
            tar.addfile(info, f)
        add_bytes(tar, "manifest.json", json.dumps(manifest).encode())
    os.replace(tmp, out)


class Archive:
    """An image archive: OCI layout (index.json + blobs/) or `docker save` (manifest.json)."""

    def __init__(self, path):
        self.path = path
        try:
            self.tar = tarfile.open(path)
        except (OSError, tarfile.TarError) as e:
            raise ArchiveError(f"{path}: not a readable tar archive ({e})")
        self.names = set(self.tar.getnames())

    def read(self, name):
        if name not in self.names:
            raise ArchiveError(f"{self.path}: entry {name} is missing")
        return self.tar.extractfile(name).read()

    def blob(self, digest):
        algo, _, hexd = digest.partition(":")
        data = self.read(f"blobs/{algo}/{hexd}")
        if hashlib.sha256(data).hexdigest() != hexd:
            raise ArchiveError(f"{self.path}: blob {digest} does not match its digest")
        return data

    def manifest(self):
        """(manifest digest, config bytes, [layer entry names or blob digests], is_oci)."""
        if "index.json" in self.names:
            index = json.loads(self.read("index.json"))
            manifests = index.get("manifests") or []
            if len(manifests) != 1:
                raise ArchiveError(f"{self.path}: index.json lists {len(manifests)} manifests, expected 1")
            digest = manifests[0]["digest"]
            man = json.loads(self.blob(digest))
            config = self.blob(man["config"]["digest"])
            return digest, config, [l["digest"] for l in man["layers"]], True
        if "manifest.json" in self.names:
            entry = json.loads(self.read("manifest.json"))[0]
            config = self.read(entry["Config"])
            return None, config, entry["Layers"], False
        raise ArchiveError(f"{self.path}: neither index.json (OCI) nor manifest.json (docker) in the archive")

    def layer_stream(self, ref, is_oci):
        name = f"blobs/{ref.replace(':', '/', 1)}" if is_oci else ref
        if name not in self.names:
            raise ArchiveError(f"{self.path}: layer {name} is missing")
        raw = self.tar.extractfile(name)
        gzipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw) if gzipped else raw


def safe_join(root, name):
    rel = os.path.normpath(name.lstrip("/"))
    if rel.startswith(".."):
        raise ArchiveError(f"layer entry {name} escapes the root")
    return os.path.join(root, rel) if rel != "." else root


def remove(path):
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def unpack(archive, dest):
    _, _, layers, is_oci = archive.manifest()
    os.makedirs(dest, exist_ok=True)
    for ref in layers:
        with tarfile.open(fileobj=archive.layer_stream(ref, is_oci), mode="r|") as layer:
            for member in layer:
                target = safe_join(dest, member.name)
                base = os.path.basename(target)
                if base == ".wh..wh..opq":  # opaque directory: drop what lower layers put there
                    for child in os.listdir(os.path.dirname(target)):
                        remove(os.path.join(os.path.dirname(target), child))
                    continue
                if base.startswith(".wh."):
                    remove(os.path.join(os.path.dirname(target), base[4:]))
                    continue
                if os.path.lexists(target) and not (member.isdir() and os.path.isdir(target)):
                    remove(target)
                layer.extract(member, dest, numeric_owner=True, set_attrs=True,
                              **({"filter": "fully_trusted"} if hasattr(tarfile, "data_filter") else {}))


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = argv[1]
    try:
        if cmd == "base" and len(argv) == 4:
            write_base(argv[2], argv[3])
        elif cmd == "config" and len(argv) == 3:
            print(Archive(argv[2]).manifest()[1].decode())
        elif cmd == "digest" and len(argv) == 3:
            digest = Archive(argv[2]).manifest()[0]
            if digest is None:
                raise ArchiveError(f"{argv[2]}: a docker archive has no manifest digest; build with format OCI")
            print(digest)
        elif cmd == "unpack" and len(argv) == 4:
            unpack(Archive(argv[2]), argv[3])
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (ArchiveError, KeyError, ValueError) as e:
        print(f"oci-archive: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
