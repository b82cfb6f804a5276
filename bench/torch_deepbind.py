#!/usr/bin/python3
"""PyTorch CPU reference for seqbind's trainer: a DeepBind-style CNN trained the way seqbind trains it.

Measures two things, on 2 threads (the machines seqbind's CI runs on have 2 cores):
  * training throughput: samples/s of whole training steps (forward, BCE-with-logits loss, backward,
    Adam update) at batch sizes 64 and 256: the median of --repeats runs of --steps steps, after
    --warmup untimed ones (the best run is printed too);
  * model quality: test ROC AUC after --epochs epochs on a DeepBind ENCODE pair (AC = positives, each
    with one dinucleotide shuffle as negative; B = held-out test as it is).

Model: one-hot [N, 4, L] (A, C, G, T; N and other IUPAC codes 0.25 each) -> Conv1d(4, F, 24) -> ReLU ->
global max pool (or max and average, concatenated) -> [Linear(., 32) -> ReLU -> Dropout] -> Linear(., 1).

Run with Debian's interpreter (/usr/bin/python3), which sees python3-torch and python3-sklearn:
  /usr/bin/python3 bench/torch_deepbind.py --train X_AC.seq.gz --test X_B.seq.gz
  /usr/bin/python3 bench/torch_deepbind.py --synthetic 20000          # speed only
Add --json for one machine-readable line instead of the table.
"""

import argparse
import gzip
import json
import platform
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn

CODE = np.full(256, 4, dtype=np.int64)  # every other letter is ambiguous; readers validate upstream
for i, ch in enumerate("ACGT"):
    CODE[ord(ch)] = i
    CODE[ord(ch.lower())] = i
CODE[ord("U")] = CODE[ord("u")] = 3


def read_seq_table(path):
    """(sequences, labels) of a DeepBind .seq[.gz] table: columns FoldID, EventID, seq, Bound."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        header = f.readline().rstrip("\n").split("\t")
        cols = {name.lower(): i for i, name in enumerate(header)}
        s, y = cols["seq"], cols["bound"]
        seqs, labels = [], []
        for line in f:
            if not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            seqs.append(fields[s])
            labels.append(float(fields[y]))
    return seqs, np.array(labels, dtype=np.float32)


def dinucleotide_shuffle(seq, rng):
    """A uniform random sequence with the same first base and dinucleotide counts (Altschul-Erickson).

    Random Eulerian trail from the first symbol: draw each vertex's last exit edge so that the last exits
    form a tree towards the final symbol (a loop-erased random walk, Wilson's method), order the other
    edges of every vertex at random before it, then follow the edges.
    """
    s = seq.upper()
    n = len(s)
    if n <= 2:
        return s
    edges = {}
    for a, b in zip(s, s[1:]):
        edges.setdefault(a, []).append(b)
    last = s[-1]
    in_tree = {last}
    exit_of = {}
    for start in edges:
        u = start
        while u not in in_tree:
            exit_of[u] = rng.randrange(len(edges[u]))
            u = edges[u][exit_of[u]]
        u = start
        while u not in in_tree:
            in_tree.add(u)
            u = edges[u][exit_of[u]]
    order = {}
    for u, out in edges.items():
        out = list(out)
        tail = [out.pop(exit_of[u])] if u != last else []
        rng.shuffle(out)
        order[u] = out + tail
    pos = {u: 0 for u in order}
    result = [s[0]]
    u = s[0]
    for _ in range(n - 1):
        v = order[u][pos[u]]
        pos[u] += 1
        result.append(v)
        u = v
    return "".join(result)


def one_hot(seqs):
    """Float32 [N, 4, L]; all sequences must have one length."""
    length = len(seqs[0])
    codes = np.stack([CODE[np.frombuffer(s.encode("latin-1"), dtype=np.uint8)] for s in seqs])
    x = np.zeros((len(seqs), 5, length), dtype=np.float32)
    np.put_along_axis(x, codes[:, None, :], 1.0, axis=1)
    x[:, :4, :] += 0.25 * x[:, 4:5, :]
    return torch.from_numpy(np.ascontiguousarray(x[:, :4, :]))


class DeepBind(nn.Module):
    def __init__(self, filters, width=24, pool="max", hidden=0, dropout=0.5):
        super().__init__()
        self.conv = nn.Conv1d(4, filters, width)
        self.pool = pool
        features = filters * (2 if pool == "maxavg" else 1)
        if hidden > 0:
            self.head = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Dropout(dropout),
                                      nn.Linear(hidden, 1))
        else:
            self.head = nn.Linear(features, 1)

    def forward(self, x):
        h = torch.relu(self.conv(x))
        pooled = h.amax(dim=2)
        if self.pool == "maxavg":
            pooled = torch.cat([pooled, h.mean(dim=2)], dim=1)
        return self.head(pooled).squeeze(1)


def make_model(args, filters):
    return DeepBind(filters, args.width, args.pool, args.hidden, args.dropout)


def throughput(args, filters, batch, x, y):
    """(median, best) samples/s of whole training steps on random batches drawn from (x, y).

    --repeats runs of --steps timed steps each, after --warmup untimed steps; the median run is the figure
    to compare, the best shows what an undisturbed machine gives (2 OpenMP threads on a shared 2-core VM
    slow down a lot whenever another process takes a core, so a single long run is not reliable).
    """
    torch.manual_seed(args.seed)
    model = make_model(args, filters)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(args.seed)
    batches = [torch.randint(0, x.shape[0], (batch,), generator=gen) for _ in range(8)]
    xs = [x[b].contiguous() for b in batches]
    ys = [y[b].contiguous() for b in batches]

    def step(k):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xs[k % 8]), ys[k % 8])
        loss.backward()
        opt.step()

    for k in range(args.warmup):
        step(k)
    rates = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for k in range(args.steps):
            step(k)
        rates.append(args.steps * batch / (time.perf_counter() - t0))
    rates.sort()
    return rates[len(rates) // 2], rates[-1]


def train_and_test(args, filters, x, y, x_test, y_test):
    """Test ROC AUC (sklearn) after args.epochs epochs of seeded minibatch training."""
    from sklearn.metrics import roc_auc_score

    torch.manual_seed(args.seed)
    model = make_model(args, filters)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(args.seed)
    t0 = time.perf_counter()
    for _ in range(args.epochs):
        model.train()
        perm = torch.randperm(x.shape[0], generator=gen)
        for i in range(0, x.shape[0], args.train_batch):
            idx = perm[i:i + args.train_batch]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
    train_s = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        scores = torch.cat([model(x_test[i:i + 1024]) for i in range(0, x_test.shape[0], 1024)])
    return float(roc_auc_score(y_test.numpy(), scores.numpy())), train_s


def load(args):
    if args.synthetic:
        gen = np.random.default_rng(args.seed)
        seqs = ["".join(gen.choice(list("ACGT"), args.length)) for _ in range(args.synthetic)]
        labels = gen.integers(0, 2, args.synthetic).astype(np.float32)
        return one_hot(seqs), torch.from_numpy(labels), None, None, "synthetic"
    seqs, labels = read_seq_table(args.train)
    positives = [s for s, v in zip(seqs, labels) if v == 1.0]
    rng = random.Random(args.seed)
    train = []
    for s in positives:  # DeepBind protocol: each positive followed by one shuffle of it
        train.append((s, 1.0))
        train.append((dinucleotide_shuffle(s, rng), 0.0))
    x = one_hot([s for s, _ in train])
    y = torch.tensor([v for _, v in train], dtype=torch.float32)
    test_seqs, test_labels = read_seq_table(args.test)
    return x, y, one_hot(test_seqs), torch.from_numpy(test_labels), args.train


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", help="DeepBind *_AC.seq.gz (positives; shuffled negatives are added)")
    p.add_argument("--test", help="DeepBind *_B.seq.gz (held-out test)")
    p.add_argument("--synthetic", type=int, default=0, help="N random sequences instead (speed only)")
    p.add_argument("--length", type=int, default=101, help="length of synthetic sequences")
    p.add_argument("--filters", default="16,128", help="comma-separated filter counts")
    p.add_argument("--batch-sizes", default="64,256", help="comma-separated batch sizes to time")
    p.add_argument("--width", type=int, default=24)
    p.add_argument("--pool", choices=["max", "maxavg"], default="max")
    p.add_argument("--hidden", type=int, default=0, help="32 for DeepBind's hidden layer; 0 = none")
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--steps", type=int, default=50, help="timed steps per repeat")
    p.add_argument("--repeats", type=int, default=5, help="timed runs; the median is reported")
    p.add_argument("--epochs", type=int, default=10, help="training epochs for the test AUC")
    p.add_argument("--train-batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print one JSON line")
    args = p.parse_args()
    if not args.synthetic and not (args.train and args.test):
        p.error("give --train and --test, or --synthetic N")

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    x, y, x_test, y_test, source = load(args)
    results = []
    for filters in [int(f) for f in args.filters.split(",")]:
        row = {"filters": filters, "samples_per_s": {}, "best_samples_per_s": {}}
        for batch in [int(b) for b in args.batch_sizes.split(",")]:
            median, best = throughput(args, filters, batch, x, y)
            row["samples_per_s"][str(batch)] = round(median, 1)
            row["best_samples_per_s"][str(batch)] = round(best, 1)
        if x_test is not None:
            auc, seconds = train_and_test(args, filters, x, y, x_test, y_test)
            row["test_auc"] = round(auc, 4)
            row["train_seconds"] = round(seconds, 2)
        results.append(row)
        if not args.json:
            speeds = " ".join(f"batch{b}={v:.0f}/s (best {row['best_samples_per_s'][b]:.0f})"
                              for b, v in row["samples_per_s"].items())
            extra = f" test_auc={row['test_auc']:.4f} ({args.epochs} epochs, {row['train_seconds']:.1f} s)" \
                if "test_auc" in row else ""
            print(f"torch filters={filters} {speeds}{extra}", flush=True)
    summary = {
        "peer": "pytorch", "torch": torch.__version__, "python": platform.python_version(),
        "threads": torch.get_num_threads(), "source": source, "train_examples": int(x.shape[0]),
        "length": int(x.shape[2]), "width": args.width, "pool": args.pool, "hidden": args.hidden,
        "lr": args.lr, "warmup": args.warmup, "steps": args.steps, "repeats": args.repeats, "epochs": args.epochs,
        "train_batch": args.train_batch, "seed": args.seed, "results": results,
    }
    if args.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
