package io.seqbind.variant.testing;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.seq.InputSequences;
import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ReverseComplementMode;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.TaskType;
import io.seqbind.proto.v1.TrainingDataSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in ScorerService whose scores are easy to compute by hand. Task 0 of every model is the best
 * log-odds of a known PWM over all positions of the sequence (forward) or of its reverse complement
 * (reverse), combined by max; an ambiguous base contributes the mean of its column (the one-hot 0.25 rule).
 * A two-task model's task 1 is the number of G's on the strand read (regression), combined by the mean.
 * It counts requests and the largest batch so tests can check batching. Implemented as an AsyncService
 * (not an anonymous ImplBase subclass, which Quarkus's class index does not see) and bound with ScorerServiceGrpc.bindService.
 */
public final class PwmScorer implements ScorerServiceGrpc.AsyncService {

  /** A PWM in log-odds, rows A, C, G, T, with an optional G-count task. */
  public record TestModel(ModelInfo info, double[][] logOdds) {}

  private final Map<String, TestModel> models = new ConcurrentHashMap<>();
  public final AtomicInteger requests = new AtomicInteger();
  public final AtomicInteger largestBatch = new AtomicInteger();
  public final AtomicInteger sequencesScored = new AtomicInteger();
  /** The most models one request named, and the most requests being answered at once. */
  public final AtomicInteger largestModelCount = new AtomicInteger();
  public final AtomicInteger mostConcurrent = new AtomicInteger();
  private final AtomicInteger concurrent = new AtomicInteger();

  public void add(TestModel model) {
    models.put(model.info().getId(), model);
  }

  /** A model description as the store would give it. */
  public static ModelInfo info(String id, String name, int windowLength, int minLength, boolean twoTasks) {
    ModelInfo.Builder b = ModelInfo.newBuilder()
        .setId(id)
        .setTaskType(twoTasks ? TaskType.TASK_TYPE_REGRESSION : TaskType.TASK_TYPE_BINARY)
        .setMinLength(minLength)
        .setReverseComplement(ReverseComplementMode.REVERSE_COMPLEMENT_MODE_MAX)
        .setTrainingData(TrainingDataSummary.newBuilder().setSequenceLength(windowLength))
        .addTaskNames("pwm");
    b.getNameBuilder().setName(name).setVersion("1");
    if (twoTasks) {
      b.addTaskNames("g_count");
    }
    return b.build();
  }

  @Override
  public void score(ScoreRequest request, StreamObserver<ScoreResponse> out) {
    mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
    ScoreResponse response;
    try {
      response = answer(request);
    } catch (StatusRuntimeException e) {
      concurrent.decrementAndGet();
      out.onError(e);
      return;
    }
    // Counted out before answering: the client sends its next request as soon as it has this answer, and that
    // request must not find this one still counted.
    concurrent.decrementAndGet();
    out.onNext(response);
    out.onCompleted();
  }

  private ScoreResponse answer(ScoreRequest request) {
    requests.incrementAndGet();
    largestModelCount.accumulateAndGet(request.getModelsCount(), Math::max);
    InputSequences seqs = InputSequences.of(request.getBatch(), "batch");
    int n = seqs.size();
    largestBatch.accumulateAndGet(n, Math::max);
    sequencesScored.addAndGet(n);
    ScoreResponse.Builder response = ScoreResponse.newBuilder();
    List<ItemError> errors = new ArrayList<>();
    for (ModelRef ref : request.getModelsList()) {
      TestModel model = models.get(ref.getId());
      if (model == null) {
        throw Status.NOT_FOUND.withDescription("no model " + ref.getId()).asRuntimeException();
      }
      int t = model.info().getTaskNamesCount();
      ModelScores.Builder ms = ModelScores.newBuilder().setModelId(ref.getId()).setRows(n).setColumns(t)
          .addAllTaskNames(model.info().getTaskNamesList());
      for (int i = 0; i < n; i++) {
        String bases = seqs.bases(i);
        String problem = problem(bases, model.info().getMinLength());
        if (problem != null) {
          errors.add(ItemError.newBuilder().setIndex(i).setId(seqs.id(i)).setCode(3)
              .setReason(problem.startsWith("short") ? ErrorReason.ERROR_REASON_TOO_SHORT
                  : ErrorReason.ERROR_REASON_INVALID_CHARACTER)
              .setMessage("sequence " + i + ": " + problem).setModelId(ref.getId()).build());
          for (int k = 0; k < t; k++) {
            ms.addScores(Float.NaN).addForward(Float.NaN).addReverse(Float.NaN);
          }
          continue;
        }
        String fwd = bases.toUpperCase();
        String rev = revcomp(fwd);
        float f0 = (float) bestLogOdds(model.logOdds(), fwd);
        float r0 = (float) bestLogOdds(model.logOdds(), rev);
        ms.addScores(Math.max(f0, r0)).addForward(f0).addReverse(r0);
        if (t == 2) {
          float f1 = count(fwd, 'G');
          float r1 = count(rev, 'G');
          ms.addScores((f1 + r1) / 2).addForward(f1).addReverse(r1);
        }
      }
      if (!request.getOptions().getBothStrands()) { // the contract: strand scores only when asked for
        ms.clearForward().clearReverse();
      }
      response.addModels(ms);
    }
    return response.addAllErrors(errors).build();
  }

  private static String problem(String s, int minLength) {
    for (int i = 0; i < s.length(); i++) {
      if ("ACGTNacgtn".indexOf(s.charAt(i)) < 0) {
        return "invalid character '" + s.charAt(i) + "' at " + (i + 1);
      }
    }
    return s.length() < minLength ? "short: " + s.length() + " < " + minLength : null;
  }

  /** Max over start positions of the summed log-odds; N scores the column mean. */
  public static double bestLogOdds(double[][] pwm, String s) {
    int w = pwm[0].length;
    double best = Double.NEGATIVE_INFINITY;
    for (int start = 0; start + w <= s.length(); start++) {
      double sum = 0;
      for (int k = 0; k < w; k++) {
        char c = s.charAt(start + k);
        int b = "ACGT".indexOf(c);
        sum += b >= 0 ? pwm[b][k] : (pwm[0][k] + pwm[1][k] + pwm[2][k] + pwm[3][k]) / 4;
      }
      best = Math.max(best, sum);
    }
    return best;
  }

  public static String revcomp(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      out.append(switch (c) {
        case 'A' -> 'T';
        case 'C' -> 'G';
        case 'G' -> 'C';
        case 'T' -> 'A';
        default -> c;
      });
    }
    return out.toString();
  }

  static float count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += s.charAt(i) == c ? 1 : 0;
    }
    return n;
  }
}
