#!/usr/bin/python3
"""A scorer client as a user of another language writes it: stubs generated from proto/ with Debian's
grpc_tools (by clients/python/seqbind_client.py), then each call of the ScorerService contract. Prints one
JSON object with what it saw, for the Java integration test (ScorerPythonClientIT) to check.

usage: score_client.py HOST:PORT MODEL_ID SEQUENCES_FILE
"""
import json
import os
import sys

import grpc

# The project's Python client generates (and caches) the stubs from proto/.
REPOSITORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
sys.path.insert(0, os.path.join(REPOSITORY, "clients", "python"))
import seqbind_client  # noqa: E402


def main():
    target, model_id, seq_file = sys.argv[1:4]
    pb = seqbind_client.stubs()
    common_pb2, scorer_pb2, scorer_pb2_grpc = pb.common_pb2, pb.scorer_pb2, pb.scorer_pb2_grpc

    with open(seq_file) as f:
        seqs = [line.strip() for line in f if line.strip()]
    report = {}
    with grpc.insecure_channel(target) as channel:
        stub = scorer_pb2_grpc.ScorerServiceStub(channel)
        info = stub.GetRuntimeInfo(scorer_pb2.GetRuntimeInfoRequest(), timeout=30)
        report["provider"] = scorer_pb2.ExecutionProvider.Name(info.provider)
        report["max_batch_size"] = info.batching.max_batch_size
        listed = stub.ListServingModels(scorer_pb2.ListServingModelsRequest(), timeout=30)
        report["listed"] = [m.model.id for m in listed.models]

        ref = common_pb2.ModelRef(id=model_id)
        batch = common_pb2.SequenceBatch(
            sequences=[common_pb2.Sequence(id="s%d" % i, bases=s) for i, s in enumerate(seqs)])
        try:
            response = stub.Score(scorer_pb2.ScoreRequest(
                models=[ref], batch=batch, options=scorer_pb2.ScoreOptions(both_strands=True)), timeout=60)
            m = response.models[0]
            report["score"] = {"model_id": m.model_id, "rows": m.rows, "columns": m.columns,
                               "scores": list(m.scores), "forward": list(m.forward), "reverse": list(m.reverse),
                               "errors": [[e.index, common_pb2.ErrorReason.Name(e.reason)] for e in response.errors]}
        except grpc.RpcError as e:
            report["score"] = {"code": e.code().name, "details": e.details()}

        def stream_requests():
            yield scorer_pb2.ScoreStreamRequest(header=scorer_pb2.ScoreStreamHeader(models=[ref]))
            for start in range(0, len(seqs), 3):
                yield scorer_pb2.ScoreStreamRequest(chunk=scorer_pb2.SequenceChunk(
                    sequences=[common_pb2.Sequence(bases=s) for s in seqs[start:start + 3]]))
        try:
            chunks = []
            for r in stub.ScoreStream(stream_requests(), timeout=60):
                chunks.append({"first_index": r.first_index, "count": r.count, "scores": list(r.models[0].scores)})
            report["stream"] = chunks
        except grpc.RpcError as e:
            report["stream"] = {"code": e.code().name, "details": e.details()}

        try:
            stub.Score(scorer_pb2.ScoreRequest(
                models=[common_pb2.ModelRef(name=common_pb2.ModelName(name="no-such-model"))], batch=batch),
                timeout=30)
            report["unknown_model"] = "OK"
        except grpc.RpcError as e:
            report["unknown_model"] = e.code().name
    print(json.dumps(report))


if __name__ == "__main__":
    main()
