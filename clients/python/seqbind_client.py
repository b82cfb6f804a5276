#!/usr/bin/python3
"""A Python client of the seqbind gRPC services, as a module and as a command.

It needs only grpcio, grpcio-tools and protobuf (Debian: python3-grpcio python3-grpc-tools
python3-protobuf). The stubs are generated from the repository's proto/ on first use and cached under
$XDG_CACHE_HOME/seqbind/stubs/<hash of the .proto files>, so they always match the contracts they were
made from; SEQBIND_PROTO points at another proto/ directory.

As a command (the endpoint is a running `seqbind serve` or the services behind a Kubernetes ingress):

    seqbind_client.py --endpoint host:port train --input train.seq.gz --name ctcf --upload
    seqbind_client.py --endpoint host:port score --model ctcf --input peaks.fa --out scores.tsv
    seqbind_client.py --endpoint host:port variants --model ctcf --vcf /data/x.vcf.gz --genome /data/hg38.fa
    seqbind_client.py --endpoint host:port models | jobs

A server with tokens and TLS (`seqbind serve --auth-tokens F --tls-cert C --tls-key K`, or the Helm chart's
security values) takes --token or --token-file and --tls-ca [--tls-cert --tls-key], or from the environment
SEQBIND_TOKEN, SEQBIND_TOKEN_FILE, SEQBIND_TLS_CA, SEQBIND_TLS_CERT, SEQBIND_TLS_KEY (keep tokens off the command
line other users' `ps` shows).

As a module:

    with Client("host:port") as c:
        job = c.upload(c.job_spec("train.seq.gz", name="ctcf"), {"train": "train.seq.gz"})
        model_id = c.wait(job.id)
        scoring = c.score(model_id, [("s1", "ACGT..."), ("s2", "TTGA...")])
        for row in scoring:
            print(row.id, scoring.task_names, row.scores)
"""
import argparse
import collections
import contextlib
import gzip
import hashlib
import importlib
import math
import os
import sys
import tempfile

import grpc

PROTOS = ("common.proto", "scorer.proto", "trainer.proto", "variant.proto")
UPLOAD_CHUNK = 1 << 20  # bytes per UploadChunk, well under gRPC's 4 MiB message limit
SCORE_CHUNK = 1024  # sequences per ScoreStream chunk (the contract suggests 256..4096)


def proto_root():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("SEQBIND_PROTO") or os.path.normpath(os.path.join(here, "..", "..", "proto"))


def stubs():
    """The generated modules (common_pb2, scorer_pb2, ... and their _grpc), generating them if needed."""
    root = proto_root()
    sources = [os.path.join(root, "seqbind", "v1", p) for p in PROTOS]
    digest = hashlib.sha256()
    for path in sources:
        if not os.path.isfile(path):
            raise SystemExit("seqbind-client: no %s (set SEQBIND_PROTO to the repository's proto/ directory)" % path)
        with open(path, "rb") as f:
            digest.update(f.read())
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "seqbind", "stubs")
    out = os.path.join(cache, digest.hexdigest()[:16])
    if not os.path.isdir(out):
        _generate(root, cache, out)
    if out not in sys.path:
        sys.path.insert(0, out)
    names = [p[:-len(".proto")] for p in PROTOS]
    modules = {n + "_pb2": importlib.import_module("seqbind.v1.%s_pb2" % n) for n in names}
    modules.update({n + "_pb2_grpc": importlib.import_module("seqbind.v1.%s_pb2_grpc" % n) for n in names})
    return argparse.Namespace(**modules)


def _generate(root, cache, out):
    # Into a fresh directory renamed into place: concurrent first uses never see half-written stubs.
    import grpc_tools
    from grpc_tools import protoc
    os.makedirs(cache, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=cache)
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    args = ["protoc", "-I" + root, "-I" + well_known, "--python_out=" + tmp, "--grpc_python_out=" + tmp]
    if protoc.main(args + ["seqbind/v1/" + p for p in PROTOS]) != 0:
        raise SystemExit("seqbind-client: protoc failed on %s" % root)
    try:
        os.rename(tmp, out)
    except OSError:  # another process got there first; its stubs are the same
        pass


Row = collections.namedtuple("Row", "index id scores forward reverse error")


class JobFailed(Exception):
    """A training job ended FAILED or CANCELLED; code is the gRPC status number its error carries."""

    def __init__(self, job_id, phase, code, message):
        super().__init__("job %s %s: %s" % (job_id, phase, message))
        self.code = code


class Scoring:
    """Rows of one model's scores, in input order; task_names and model_id are set once the first arrives."""

    def __init__(self, responses, ids):
        self._responses = responses
        self._ids = ids
        self.task_names = None
        self.model_id = None

    def __iter__(self):
        for response in self._responses:
            m = response.models[0]
            self.task_names, self.model_id = list(m.task_names), m.model_id
            errors = {e.index: e for e in response.errors}
            t = m.columns
            for k in range(response.count):
                index = response.first_index + k
                error = errors.get(index)
                yield Row(index, self._ids[index], list(m.scores[k * t:(k + 1) * t]),
                          list(m.forward[k * t:(k + 1) * t]), list(m.reverse[k * t:(k + 1) * t]),
                          None if error is None else error.message or str(error.reason))


class _BearerToken(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                   grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Adds 'authorization: Bearer <token>' to every call. An interceptor rather than call credentials, which
    grpcio allows only on TLS channels: `seqbind serve --auth-tokens` may run without TLS on localhost."""

    def __init__(self, token):
        self._header = ("authorization", "Bearer " + token)

    def _details(self, details):
        return _CallDetails(details.method, details.timeout, list(details.metadata or []) + [self._header],
                            details.credentials, getattr(details, "wait_for_ready", None),
                            getattr(details, "compression", None))

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._details(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._details(details), requests)


class _CallDetails(collections.namedtuple("_CallDetails", ("method", "timeout", "metadata", "credentials",
                                                           "wait_for_ready", "compression")),
                   grpc.ClientCallDetails):
    pass


def _read(path, what):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise ValueError("%s %s: %s" % (what, path, e.strerror))


def read_token(path):
    """The bearer token on the first line of a file (a mounted Secret, a file only its owner reads)."""
    lines = _read(path, "--token-file").decode("utf-8").splitlines()
    if not lines or not lines[0].strip():
        raise ValueError("--token-file %s: empty, expected the token on its first line" % path)
    return lines[0].strip()


class Client:
    def __init__(self, target, timeout=None, token=None, tls_ca=None, tls_cert=None, tls_key=None):
        """target is host:port; tls_ca (a PEM file) turns on TLS, with tls_cert and tls_key a client
        certificate (mutual TLS); token is sent as a bearer token on every call."""
        self.pb = stubs()
        if tls_ca is None:
            if tls_cert or tls_key:
                raise ValueError("--tls-cert and --tls-key need --tls-ca (the CA that signed the server's certificate)")
            self._channel = grpc.insecure_channel(target)
        else:
            if bool(tls_cert) != bool(tls_key):
                raise ValueError("--tls-cert and --tls-key go together")
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_read(tls_ca, "--tls-ca"),
                private_key=_read(tls_key, "--tls-key") if tls_key else None,
                certificate_chain=_read(tls_cert, "--tls-cert") if tls_cert else None)
            self._channel = grpc.secure_channel(target, credentials)
        self.channel = grpc.intercept_channel(self._channel, _BearerToken(token)) if token else self._channel
        self.timeout = timeout
        self.scorer = self.pb.scorer_pb2_grpc.ScorerServiceStub(self.channel)
        self.trainer = self.pb.trainer_pb2_grpc.TrainerServiceStub(self.channel)
        self.variant = self.pb.variant_pb2_grpc.VariantServiceStub(self.channel)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._channel.close()

    def model_ref(self, model):
        """A ModelRef from an id (64 hex digits), name:version or name (its newest version)."""
        c = self.pb.common_pb2
        if len(model) == 64 and all(ch in "0123456789abcdef" for ch in model):
            return c.ModelRef(id=model)
        name, _, version = model.partition(":")
        return c.ModelRef(name=c.ModelName(name=name, version=version))

    def score(self, model, records, both_strands=False, chunk_size=SCORE_CHUNK):
        """Scores (id, bases) pairs with one model through ScoreStream; returns a Scoring to iterate."""
        c, s = self.pb.common_pb2, self.pb.scorer_pb2
        ids = []

        def packed(chunk_ids, parts):
            # PackedSequences: one bytes field for the chunk instead of a message and two strings per sequence
            # (in Python, building those messages cost more than the scoring). Bases are one byte each; anything
            # that is not (a non-ASCII character) is sent as its UTF-8 bytes, which the scorer refuses as not bases.
            return s.ScoreStreamRequest(chunk=s.SequenceChunk(packed=c.PackedSequences(
                bases=b"".join(parts), lengths=[len(p) for p in parts], ids=chunk_ids)))

        def requests():
            yield s.ScoreStreamRequest(header=s.ScoreStreamHeader(
                models=[self.model_ref(model)], options=s.ScoreOptions(both_strands=both_strands)))
            chunk_ids, parts = [], []
            for record_id, bases in records:
                ids.append(record_id)
                chunk_ids.append(record_id)
                parts.append(bases.encode())
                if len(parts) == chunk_size:
                    yield packed(chunk_ids, parts)
                    chunk_ids, parts = [], []
            if parts:
                yield packed(chunk_ids, parts)

        return Scoring(self.scorer.ScoreStream(requests(), timeout=self.timeout), ids)

    def score_vcf(self, models, vcf, reference, both_strands=False):
        """ScoreVcf on a VCF and an indexed reference the server reads: yields its messages in file order
        (effect, skipped, progress; the summary last)."""
        v = self.pb.variant_pb2
        options = v.VariantScoringOptions(models=[self.model_ref(m) for m in models],
                                          strand=v.StrandMode.Value("STRAND_MODE_BOTH" if both_strands
                                                                    else "STRAND_MODE_MODEL"))
        return self.variant.ScoreVcf(v.ScoreVcfRequest(vcf_uri=vcf, reference_uri=reference, options=options),
                                     timeout=self.timeout)

    def job_spec(self, train, name, version="", test=None, labels=None, test_labels=None, genome=None,
                 preset="deepbind", calibrate=None, ensemble=None, seed=None, max_steps=None, device=None):
        """A JobSpec for data files named as the server (or, for an upload, the client) sees them."""
        t, c = self.pb.trainer_pb2, self.pb.common_pb2
        from google.protobuf import wrappers_pb2 as w

        def source(path, labels_path):
            if path is None:
                return None
            return t.DatasetSource(format=dataset_format(t, path), uri=path, labels_uri=labels_path or "",
                                   genome_uri=genome or "")

        training = c.TrainingConfig()
        if calibrate is not None:
            training.calibration.settings = calibrate
        if ensemble is not None:
            training.ensemble_size.CopyFrom(w.Int32Value(value=ensemble))
        if seed is not None:
            training.seed.CopyFrom(w.UInt64Value(value=seed))
        if max_steps is not None:
            training.max_steps.CopyFrom(w.Int64Value(value=max_steps))
        if device:
            training.device = c.ComputeDevice.Value("COMPUTE_DEVICE_" + device.upper())
        dataset = t.Dataset(train=source(train, labels))
        if test:
            dataset.test.CopyFrom(source(test, test_labels))
        return t.JobSpec(model=c.ModelName(name=name, version=version),
                         architecture=c.ArchitectureSpec(preset=preset), training=training, dataset=dataset)

    def submit(self, spec, request_id=""):
        """SubmitJob: the server reads the data from the spec's paths. Returns the queued Job."""
        t = self.pb.trainer_pb2
        return self.trainer.SubmitJob(t.SubmitJobRequest(spec=spec, request_id=request_id),
                                      timeout=self.timeout).job

    def upload(self, spec, files, request_id=""):
        """UploadJob: streams local files ({"train": path, "test": path, "train_labels": ...}) with their
        sizes and sha256, which the server checks before it queues the job. Returns the queued Job."""
        t = self.pb.trainer_pb2
        spec = type(spec).FromString(spec.SerializeToString())
        announced = []
        for role, path in files.items():
            target = {"train": spec.dataset.train, "test": spec.dataset.test}[role.split("_")[0]]
            if role.endswith("_labels"):
                target.labels_uri = ""
            else:
                target.uri = ""
            size, sha = file_digest(path)
            announced.append(t.UploadedFile(role=t.DataFileRole.Value("DATA_FILE_ROLE_" + role.upper()),
                                            name=os.path.basename(path), size_bytes=size, sha256=sha))

        def requests():
            yield t.UploadJobRequest(header=t.UploadHeader(spec=spec, files=announced, request_id=request_id))
            for (role, path), f in zip(files.items(), announced):
                with open(path, "rb") as data:
                    for block in iter(lambda: data.read(UPLOAD_CHUNK), b""):
                        yield t.UploadJobRequest(chunk=t.UploadChunk(role=f.role, data=block))

        return self.trainer.UploadJob(requests(), timeout=self.timeout).job

    def wait(self, job_id, on_progress=None):
        """Follows WatchJob to the end; returns the stored model's id or raises JobFailed."""
        t = self.pb.trainer_pb2
        last = None
        for update in self.trainer.WatchJob(t.WatchJobRequest(job_id=job_id)):
            last = update
            if on_progress:
                on_progress(update)
        phase = t.JobPhase.Name(last.progress.phase)
        if phase != "JOB_PHASE_DONE":
            raise JobFailed(job_id, phase, last.error.code, last.error.message or phase)
        return last.model_id

    def jobs(self):
        t = self.pb.trainer_pb2
        return self.trainer.ListJobs(t.ListJobsRequest(), timeout=self.timeout).jobs

    def models(self):
        t = self.pb.trainer_pb2
        return self.trainer.ListModels(t.ListModelsRequest(), timeout=self.timeout).models


def dataset_format(t, path):
    name = path[:-3] if path.endswith(".gz") else path
    for suffixes, fmt in (((".seq",), "DEEPBIND_SEQ"), ((".fa", ".fasta", ".fna"), "FASTA_LABELS"),
                          ((".bed", ".narrowPeak"), "BED_GENOME")):
        if name.endswith(suffixes):
            return t.DatasetFormat.Value("DATASET_FORMAT_" + fmt)
    raise SystemExit("seqbind-client: cannot tell the format of %s: expected .seq, .fa/.fasta or "
                     ".bed/.narrowPeak (optionally .gz)" % path)


def file_digest(path):
    sha, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(UPLOAD_CHUNK), b""):
            sha.update(block)
            size += len(block)
    return size, sha.hexdigest()


def read_sequences(path):
    """(id, bases) from FASTA or a DeepBind .seq table (its EventID and seq columns), plain or gzip."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        first = f.readline()
        if first.startswith(">"):
            record_id, bases = first[1:].split()[0] if first[1:].strip() else "", []
            for line in f:
                if line.startswith(">"):
                    yield record_id, "".join(bases)
                    record_id, bases = line[1:].split()[0] if line[1:].strip() else "", []
                else:
                    bases.append(line.strip())
            yield record_id, "".join(bases)
            return
        header = first.rstrip("\n").split("\t")
        if "seq" not in header:
            raise SystemExit("seqbind-client: %s line 1: expected FASTA ('>') or a .seq header with a 'seq' "
                             "column, got %r" % (path, first.strip()[:60]))
        seq_col = header.index("seq")
        id_col = header.index("EventID") if "EventID" in header else None
        for number, line in enumerate(f, start=2):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != len(header):
                raise SystemExit("seqbind-client: %s line %d: %d fields, expected %d"
                                 % (path, number, len(fields), len(header)))
            yield (fields[id_col] if id_col is not None else "seq%d" % (number - 1)), fields[seq_col]


def _fmt(x):
    # 9 significant digits: every float32 the server sent reads back exactly
    return "nan" if math.isnan(x) else "%.9g" % x


@contextlib.contextmanager
def tsv_output(path):
    """stdout, or a file written under a temporary name and renamed once complete (removed on failure)."""
    if not path:
        yield sys.stdout
        return
    tmp = path + ".tmp"
    try:
        with open(tmp, "w") as out:
            yield out
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def cmd_score(client, args):
    with tsv_output(args.out) as out:
        scoring = client.score(args.model, read_sequences(args.input), both_strands=args.both_strands)
        header_written = False
        for row in scoring:
            if not header_written:
                columns = list(scoring.task_names)
                if args.both_strands:
                    columns += [n + ".fwd" for n in scoring.task_names] + [n + ".rev" for n in scoring.task_names]
                out.write("\t".join(["id"] + columns) + "\n")
                header_written = True
            values = row.scores + (row.forward + row.reverse if args.both_strands else [])
            out.write("\t".join([row.id] + [_fmt(v) for v in values]) + "\n")
            if row.error:
                print("seqbind-client: %s (#%d): %s" % (row.id, row.index, row.error), file=sys.stderr)


VARIANT_COLUMNS = ["index", "chrom", "pos", "id", "ref", "alt", "model", "task", "ref_score", "alt_score", "delta"]
STRAND_COLUMNS = ["fwd_ref_score", "fwd_alt_score", "fwd_delta", "rev_ref_score", "rev_alt_score", "rev_delta"]


def cmd_variants(client, args):
    with tsv_output(args.out) as out:
        out.write("\t".join(VARIANT_COLUMNS + (STRAND_COLUMNS if args.both_strands else [])) + "\n")
        for message in client.score_vcf(args.model, args.vcf, args.genome, args.both_strands):
            kind = message.WhichOneof("result")
            if kind == "effect":
                e = message.effect
                r = e.record
                for m in e.models:
                    for t in m.tasks:
                        values = [t.ref_score, t.alt_score, t.delta]
                        if args.both_strands:
                            values += [t.forward.ref_score, t.forward.alt_score, t.forward.delta,
                                       t.reverse.ref_score, t.reverse.alt_score, t.reverse.delta]
                        # the record in an effect holds only the allele it is about
                        out.write("\t".join([str(e.index), r.chrom, str(r.pos), r.id, r.ref, r.alt[0],
                                             m.model_id[:12], t.task] + [_fmt(x) for x in values]) + "\n")
            elif kind == "skipped":
                r = message.skipped.record
                print("seqbind-client: skipped %s:%d %s: %s" % (r.chrom, r.pos, r.id, message.skipped.error.message),
                      file=sys.stderr)
            elif kind == "summary":
                s = message.summary
                print("variants: records=%d scored=%d skipped=%d" % (s.records_read, s.alleles_scored, s.skipped),
                      file=sys.stderr)


def cmd_train(client, args):
    spec = client.job_spec(args.input, args.name, args.version, test=args.test, labels=args.labels,
                           test_labels=args.test_labels, genome=args.genome, preset=args.preset,
                           calibrate=args.calibrate, ensemble=args.ensemble, seed=args.seed,
                           max_steps=args.max_steps, device=args.device)
    if args.upload:
        files = {"train": args.input, "test": args.test, "train_labels": args.labels,
                 "test_labels": args.test_labels}
        job = client.upload(spec, {role: path for role, path in files.items() if path})
    else:
        job = client.submit(spec)
    print("job: %s" % job.id, file=sys.stderr)
    if args.no_wait:
        print(job.id)
        return

    def progress(update):
        p = update.progress
        print("%s %3.0f%% %s" % (client.pb.trainer_pb2.JobPhase.Name(p.phase)[len("JOB_PHASE_"):].lower(),
                                 100 * p.fraction_done, p.message), file=sys.stderr)

    print(client.wait(job.id, progress))


def cmd_models(client, args):
    for m in client.models():
        print("%s\t%s:%s" % (m.id, m.name.name, m.name.version))


def cmd_jobs(client, args):
    for j in client.jobs():
        phase = client.pb.trainer_pb2.JobPhase.Name(j.progress.phase)[len("JOB_PHASE_"):].lower()
        print("%s\t%s\t%s" % (j.id, phase, j.model_id))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="seqbind_client.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", default=os.environ.get("SEQBIND_ENDPOINT", "localhost:8080"),
                        help="host:port of the services (default: $SEQBIND_ENDPOINT or localhost:8080)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per call (default: none)")
    env = os.environ.get
    parser.add_argument("--token", default=env("SEQBIND_TOKEN"),
                        help="bearer token (default: $SEQBIND_TOKEN; prefer it or --token-file: ps shows arguments)")
    parser.add_argument("--token-file", default=env("SEQBIND_TOKEN_FILE"),
                        help="file whose first line is the bearer token (default: $SEQBIND_TOKEN_FILE)")
    parser.add_argument("--tls-ca", default=env("SEQBIND_TLS_CA"),
                        help="connect with TLS, trusting this CA's PEM (default: $SEQBIND_TLS_CA)")
    parser.add_argument("--tls-cert", default=env("SEQBIND_TLS_CERT"),
                        help="client certificate PEM for mutual TLS (default: $SEQBIND_TLS_CERT)")
    parser.add_argument("--tls-key", default=env("SEQBIND_TLS_KEY"),
                        help="its private key PEM (default: $SEQBIND_TLS_KEY)")
    commands = parser.add_subparsers(dest="command", required=True)

    score = commands.add_parser("score", help="score FASTA or .seq sequences with a model; TSV out")
    score.add_argument("--model", required=True, help="id, name:version or name")
    score.add_argument("--input", required=True, help="FASTA or DeepBind .seq, plain or .gz")
    score.add_argument("--out", help="TSV file (default: stdout)")
    score.add_argument("--both-strands", action="store_true", help="also each strand's score")
    score.set_defaults(run=cmd_score)

    variants = commands.add_parser("variants", help="variant effects of a VCF the server reads; TSV out")
    variants.add_argument("--model", required=True, action="append", help="id, name:version or name; repeatable")
    variants.add_argument("--vcf", required=True, help="VCF (plain or bgzipped), a path the server reads")
    variants.add_argument("--genome", required=True, help="reference FASTA with .fai, a path the server reads")
    variants.add_argument("--out", help="TSV file (default: stdout)")
    variants.add_argument("--both-strands", action="store_true", help="also each strand's effect")
    variants.set_defaults(run=cmd_variants)

    train = commands.add_parser("train", help="submit a training job and wait for its model")
    train.add_argument("--input", required=True, help=".seq[.gz], FASTA (with --labels) or BED (with --genome)")
    train.add_argument("--test", help="test set, same format")
    train.add_argument("--labels", help="labels TSV of a FASTA input")
    train.add_argument("--test-labels", help="labels TSV of a FASTA test set")
    train.add_argument("--genome", help="reference FASTA for BED input, a path the server reads")
    train.add_argument("--name", required=True)
    train.add_argument("--version", default="", help="default: the job's creation time")
    train.add_argument("--preset", default="deepbind")
    train.add_argument("--calibrate", type=int,
                       help="hyperparameter settings to try by cross-validation (default: none, the preset's own)")
    train.add_argument("--ensemble", type=int, help="final models averaged")
    train.add_argument("--seed", type=int)
    train.add_argument("--max-steps", type=int)
    train.add_argument("--device", choices=["auto", "java", "opencl", "gpu"])
    train.add_argument("--upload", action="store_true",
                       help="stream the local files to the server (checked by sha256) instead of sending paths")
    train.add_argument("--no-wait", action="store_true", help="print the job id and return")
    train.set_defaults(run=cmd_train)

    commands.add_parser("models", help="list the store's models").set_defaults(run=cmd_models)
    commands.add_parser("jobs", help="list training jobs").set_defaults(run=cmd_jobs)

    args = parser.parse_args(argv)
    try:
        if args.token and args.token_file:
            raise ValueError("--token and --token-file: give one of them")
        token = read_token(args.token_file) if args.token_file else args.token
        with Client(args.endpoint, timeout=args.timeout, token=token, tls_ca=args.tls_ca, tls_cert=args.tls_cert,
                    tls_key=args.tls_key) as client:
            args.run(client, args)
    except ValueError as e:
        print("seqbind-client: %s" % e, file=sys.stderr)
        return 2
    except grpc.RpcError as e:
        print("seqbind-client: %s: %s" % (e.code().name, e.details()), file=sys.stderr)
        return 1
    except JobFailed as e:
        print("seqbind-client: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
