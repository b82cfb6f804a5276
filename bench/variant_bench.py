#!/usr/bin/env python3
"""Helpers of bench/variant_bench.sh (run with Debian's /usr/bin/python3: numpy + scipy).

  prepare DERIVED.seq.gz OUTDIR [--pad N] [--per-contig K]
      Reads DeepFind's wild-type/mutant pairs (one 51-bp sequence per line, wild type first), checks that
      every pair differs at exactly one position, and writes OUTDIR/ref.fa (+ ref.fa.fai written here,
      no samtools needed) and OUTDIR/variants.vcf: the wild-type windows laid end to end in contigs of K
      pairs, each window framed by N padding so that a window of up to 2*pad+1 bp centred on the
      variant reads only its own pair (and N); one VCF record per pair, ID = pair index (0-based),
      REF = wild-type base, ALT = mutant base. Pairs that do not differ at exactly one position are
      reported and left out.

  compare EFFECTS.tsv PRED.npz [--pairs N] [--json]
      Spearman (and Pearson) correlation between seqbind's deltas (alt - ref) and the published model's
      deltas pred[2i+1] - pred[2i], averaged over the models in the TSV (and per model).
"""
import argparse
import gzip
import json
import os
import sys


def prepare(args):
    with gzip.open(args.derived, "rt") as f:
        lines = [line.rstrip("\r\n") for line in f]
    if len(lines) % 2:
        sys.exit(f"{args.derived}: odd number of lines ({len(lines)}): expected wild-type/mutant pairs")
    pairs = len(lines) // 2
    pad, per = args.pad, args.per_contig
    os.makedirs(args.outdir, exist_ok=True)
    fa_path = os.path.join(args.outdir, "ref.fa")
    vcf_path = os.path.join(args.outdir, "variants.vcf")
    width = 60
    bad = []
    contigs = []  # (name, sequence)
    records = []  # (contig, pos, id, ref, alt)
    lengths = {}
    for c0 in range(0, pairs, per):
        name = f"pairs{c0 // per:03d}"
        parts = ["N" * pad]
        offset = pad
        for i in range(c0, min(c0 + per, pairs)):
            wt, mut = lines[2 * i].upper(), lines[2 * i + 1].upper()
            diff = [j for j in range(max(len(wt), len(mut)))
                    if j >= len(wt) or j >= len(mut) or wt[j] != mut[j]]
            if len(wt) != len(mut) or len(diff) != 1:
                bad.append((i, len(wt), len(mut), diff[:5]))
                continue
            j = diff[0]
            parts.append(wt)
            parts.append("N" * pad)
            records.append((name, offset + j + 1, i, wt[j], mut[j]))
            offset += len(wt) + pad
        seq = "".join(parts)
        contigs.append((name, seq))
        lengths[name] = len(seq)
    with open(fa_path, "w") as fa, open(fa_path + ".fai", "w") as fai:
        pos = 0
        for name, seq in contigs:
            header = f">{name}\n"
            fa.write(header)
            pos += len(header)
            fai.write(f"{name}\t{len(seq)}\t{pos}\t{width}\t{width + 1}\n")
            for k in range(0, len(seq), width):
                chunk = seq[k:k + width] + "\n"
                fa.write(chunk)
                pos += len(chunk)
    with open(vcf_path, "w") as vcf:
        vcf.write("##fileformat=VCFv4.2\n")
        vcf.write("##source=bench/variant_bench.py from DeepFind derived.seq.gz\n")
        for name, _ in contigs:
            vcf.write(f"##contig=<ID={name},length={lengths[name]}>\n")
        vcf.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
        for name, p, i, ref, alt in records:
            vcf.write(f"{name}\t{p}\tpair{i}\t{ref}\t{alt}\t.\tPASS\t.\n")
    for i, lw, lm, diff in bad[:20]:
        print(f"pair {i} (lines {2 * i + 1}-{2 * i + 2}): lengths {lw}/{lm}, differing positions {diff}",
              file=sys.stderr)
    print(f"prepare: pairs={pairs} records={len(records)} skipped={len(bad)} contigs={len(contigs)} "
          f"pad={pad} fasta={fa_path} vcf={vcf_path}")


def compare(args):
    import numpy as np
    from scipy import stats

    pred = np.load(args.npz)["pred"].astype(np.float64).ravel()
    pairs = args.pairs if args.pairs else len(pred) // 2
    published = pred[1:2 * pairs:2] - pred[0:2 * pairs:2]
    per_model = {}  # model -> {pair index: delta}
    strand_cols = []
    with open(args.effects) as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {h: k for k, h in enumerate(header)}
        for need in ("id", "model", "delta", "status"):
            if need not in col:
                sys.exit(f"{args.effects}: no column '{need}' in header {header}")
        statuses = {}
        for line in f:
            row = line.rstrip("\n").split("\t")
            statuses[row[col["status"]]] = statuses.get(row[col["status"]], 0) + 1
            rid = row[col["id"]]
            if not rid.startswith("pair"):
                continue
            try:
                d = float(row[col["delta"]])
            except ValueError:
                continue
            per_model.setdefault(row[col["model"]], {})[int(rid[4:])] = d
    out = {"models": len(per_model), "statuses": statuses, "published_pairs": int(pairs), "per_model": {}}
    deltas = []
    for model, m in per_model.items():
        idx = np.fromiter(m.keys(), dtype=np.int64)
        val = np.fromiter(m.values(), dtype=np.float64)
        rho = stats.spearmanr(val, published[idx]).correlation
        out["per_model"][model] = {"n": int(len(idx)), "spearman": float(rho)}
        full = np.full(pairs, np.nan)
        full[idx] = val
        deltas.append(full)
    if not deltas:
        sys.exit(f"{args.effects}: no scored rows")
    stack = np.vstack(deltas)
    ok = ~np.isnan(stack).any(axis=0)
    rhos = [v["spearman"] for v in out["per_model"].values()]
    out["spearman_mean_of_models"] = float(np.mean(rhos))
    out["spearman_first_model"] = rhos[0]
    out["spearman_min"] = float(np.min(rhos))
    out["spearman_max"] = float(np.max(rhos))
    ens = stack[:, ok].mean(axis=0)
    out["spearman_ensemble"] = float(stats.spearmanr(ens, published[ok]).correlation)
    out["pearson_ensemble"] = float(stats.pearsonr(ens, published[ok])[0])
    out["pairs_compared"] = int(ok.sum())
    if args.json:
        print(json.dumps(out))
    else:
        for model, v in out["per_model"].items():
            print(f"  {model}: n={v['n']} spearman={v['spearman']:.4f}")
        print(f"spearman mean={out['spearman_mean_of_models']:.4f} min={out['spearman_min']:.4f} "
              f"max={out['spearman_max']:.4f} ensemble={out['spearman_ensemble']:.4f} "
              f"pearson_ensemble={out['pearson_ensemble']:.4f} pairs={out['pairs_compared']}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("prepare")
    a.add_argument("derived")
    a.add_argument("outdir")
    a.add_argument("--pad", type=int, default=50)
    a.add_argument("--per-contig", type=int, default=10000)
    a.set_defaults(func=prepare)
    b = sub.add_parser("compare")
    b.add_argument("effects")
    b.add_argument("npz")
    b.add_argument("--pairs", type=int, default=0)
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=compare)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
