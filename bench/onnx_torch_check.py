#!/usr/bin/env python3
"""Rebuild a seqbind ONNX model's forward pass in PyTorch from the file's initializers and nodes (Debian's
PyTorch 1.13 has no ONNX importer), score sequences and compare with ONNX Runtime when it is importable,
else with an --expected TSV (sequence, then one score per task, tab-separated). Prints the max abs diff.
Supports exactly the operators seqbind's exporter writes. Run with /usr/bin/python3."""
import argparse
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

CODE = {c: i for i, c in enumerate("ACGT")}


def one_hot(seqs):
    x = np.full((len(seqs), 4, len(seqs[0])), 0.0, dtype=np.float32)
    for s, seq in enumerate(seqs):
        for p, ch in enumerate(seq.upper().replace("U", "T")):
            if ch in CODE:
                x[s, CODE[ch], p] = 1.0
            else:
                x[s, :, p] = 0.25  # N and other ambiguity codes, as the model contract says
    return x


def torch_forward(model, x, dtype):
    g = model.graph
    v = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in g.initializer}
    v = {k: t.to(dtype) if t.is_floating_point() else t for k, t in v.items()}
    v[g.input[0].name] = torch.from_numpy(x).to(dtype)
    for n in g.node:
        a = {at.name: onnx.helper.get_attribute_value(at) for at in n.attribute}
        i = [v[name] for name in n.input]
        op = n.op_type
        if op == "Conv":
            y = F.conv1d(i[0], i[1], i[2], stride=a.get("strides", [1])[0], dilation=a.get("dilations", [1])[0])
        elif op == "Relu":
            y = torch.relu(i[0])
        elif op in ("ReduceMax", "ReduceMean"):
            keep = bool(a.get("keepdims", 1))
            y = i[0]
            for axis in sorted(a["axes"], reverse=True):
                y = torch.amax(y, axis, keep) if op == "ReduceMax" else torch.mean(y, axis, keep)
        elif op == "Concat":
            y = torch.cat(i, dim=a["axis"])
        elif op == "MaxPool":
            y = F.max_pool1d(i[0], a["kernel_shape"][0], a.get("strides", [1])[0])
        elif op == "BatchNormalization":
            y = F.batch_norm(i[0], i[3], i[4], i[1], i[2], False, 0.0, a.get("epsilon", 1e-5))
        elif op == "Flatten":
            y = torch.flatten(i[0], a.get("axis", 1))
        elif op == "Gemm":
            y = i[0] @ (i[1].T if a.get("transB", 0) else i[1]) + i[2]
        elif op == "Slice":  # only the exporter's full reversals (step -1 over whole axes)
            if i[4].tolist() != [-1] * len(i[3]) or i[1].tolist() != [-1] * len(i[3]):
                sys.exit(f"{n.name}: only full reversals are supported")
            y = torch.flip(i[0], dims=i[3].tolist())
        elif op == "Reshape":
            y = i[0].reshape(i[1].tolist())
        elif op == "Mean":  # an ensemble's members
            y = torch.stack(i).mean(0)
        elif op == "Gather":  # one strand of [2, N, T] (a scalar index drops the axis)
            y = i[0].select(a.get("axis", 0), int(i[1]))
        else:
            sys.exit(f"unsupported operator {op} (node {n.name})")
        v[n.output[0]] = y
    return v[g.output[0].name].double().numpy()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("model")
    ap.add_argument("--expected", help="TSV: sequence, then the expected scores")
    ap.add_argument("-n", type=int, default=1000, help="random sequences (without --expected)")
    ap.add_argument("--length", type=int, default=101, help="their length, unless the model fixes it")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    model = onnx.load(args.model)
    expected = None
    if args.expected:
        rows = [line.rstrip("\n").split("\t") for line in open(args.expected) if line.strip()]
        seqs = [r[0] for r in rows]
        expected = np.array([[float(s) for s in r[1:]] for r in rows])
    else:
        fixed = model.graph.input[0].type.tensor_type.shape.dim[2].dim_value
        rng = np.random.default_rng(args.seed)
        letters = np.array(list("ACGTN"))
        seqs = ["".join(rng.choice(letters, fixed or args.length, p=[.2375] * 4 + [.05])) for _ in range(args.n)]
    x = one_hot(seqs)
    ours = torch_forward(model, x, torch.float32)
    exact = torch_forward(model, x, torch.float64)
    print(f"torch float32 vs float64: max abs diff {np.abs(ours - exact).max():.3g}")
    try:
        import onnxruntime
        sess = onnxruntime.InferenceSession(args.model, providers=["CPUExecutionProvider"])
        expected, peer = sess.run(None, {model.graph.input[0].name: x})[0], "onnxruntime"
    except ImportError:
        peer = "--expected"
    if expected is None:
        sys.exit("onnxruntime is not importable: give --expected scores to compare with")
    print(f"{peer} vs torch float64: max abs diff {np.abs(expected - exact).max():.3g}")
    print(f"{peer} vs torch float32: max abs diff {np.abs(expected - ours).max():.3g}")


if __name__ == "__main__":
    main()
