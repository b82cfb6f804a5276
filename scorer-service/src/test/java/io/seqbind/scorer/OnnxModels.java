package io.seqbind.scorer;

import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.OutputHead;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.proto.v1.Alphabet;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.trainer.engine.Batch;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.Initializer;
import io.seqbind.trainer.engine.Network;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.engine.Param;
import io.seqbind.trainer.engine.Predictor;
import io.seqbind.trainer.export.OnnxExport;
import io.seqbind.trainer.ops.JavaOps;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Randomly initialised engine networks exported with the trainer's OnnxExport into a model store, and the
 * engine's own forward pass over the same sequences as the reference the scorer must match (1e-5).
 */
public final class OnnxModels {

  private OnnxModels() {}

  /** A stored model and the network it was exported from. */
  public record Exported(ModelBundle bundle, Network network) {

    /** The engine's scores of equal-length sequences, [n * T]. */
    public float[] engine(List<String> seqs) {
      int length = seqs.get(0).length();
      byte[] codes = new byte[seqs.size() * length];
      for (int i = 0; i < seqs.size(); i++) {
        byte[] c = codes(seqs.get(i));
        System.arraycopy(c, 0, codes, i * length, length);
      }
      return Predictor.predict(network, Batch.unlabeled(codes, seqs.size(), length))[0];
    }

    /** The engine's scores of one sequence, [T]. */
    public float[] engine(String seq) {
      return engine(List.of(seq));
    }

    /**
     * The engine's score of one strand of {@code seq} alone, [T]: the same weights with reverse-complement
     * mode off (for a model with it off, the same as {@link #engine(String)}).
     */
    public float[] strand(String seq) {
      JavaOps ops = new JavaOps();
      ModelSpec single = network.spec().withReverseComplement(ReverseComplement.OFF);
      Network copy = Network.create(single, 1, network.length(), network.capacity(), ops, ops);
      copy.store().restore(0, network.store().snapshot(0));
      return new Exported(bundle, copy).engine(seq);
    }

    public int tasks() {
      return network.tasks();
    }
  }

  public static Exported add(ModelStore store, String name, String preset, ReverseComplement rc, int tasks,
      int length, long seed) throws IOException {
    return add(store, name, preset, rc, tasks, length, seed, UnaryOperator.identity());
  }

  /** As above, the exported bytes passed through {@code onnx} before they are stored. */
  public static Exported add(ModelStore store, String name, String preset, ReverseComplement rc, int tasks,
      int length, long seed, UnaryOperator<byte[]> onnxEdit) throws IOException {
    ModelSpec spec = Presets.byName(preset).withReverseComplement(rc);
    spec = spec.withHead(new OutputHead(tasks, spec.head().type()));
    JavaOps ops = new JavaOps();
    Network network = Network.create(spec, 1, length, 64, ops, ops);
    Initializer.initialise(network, List.of(Hyperparameters.defaults(OptimizerKind.ADAM)), seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (Param p : network.params()) {
      if (!p.weight()) { // non-zero biases, so an exporter or runtime that dropped them would show
        float[] v = p.value();
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (0.1 * random.nextGaussian());
        }
      }
    }
    byte[] onnx = onnxEdit.apply(OnnxExport.export(network, 0, name));
    ModelInfo info = ModelInfo.newBuilder()
        .setName(ModelName.newBuilder().setName(name).setVersion("1"))
        .setTaskType(SpecProtos.toProto(spec.head().type()))
        .addAllTaskNames(IntStream.range(0, tasks).mapToObj(t -> name + "_task" + t).toList())
        .setAlphabet(Alphabet.ALPHABET_DNA)
        .setMinLength(spec.minimumLength())
        .setReverseComplement(SpecProtos.toProto(rc))
        .setArchitecture(SpecProtos.toProto(spec))
        .build();
    return new Exported(store.add(onnx, info), network);
  }

  /** Engine base codes: 0..3 for A, C, G, T/U, 4 for N and other ambiguity codes. */
  public static byte[] codes(String s) {
    byte[] c = new byte[s.length()];
    for (int i = 0; i < c.length; i++) {
      int k = "ACGT".indexOf(Character.toUpperCase(s.charAt(i)) == 'U' ? 'T' : Character.toUpperCase(s.charAt(i)));
      c[i] = (byte) (k < 0 ? 4 : k);
    }
    return c;
  }

  /** Reverse complement written independently of core's Alphabet (N and ambiguity codes become N). */
  public static String reverseComplement(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = s.length() - 1; i >= 0; i--) {
      int k = "ACGT".indexOf(Character.toUpperCase(s.charAt(i)));
      out.append(k < 0 ? 'N' : "TGCA".charAt(k));
    }
    return out.toString();
  }

  public static String random(SplittableRandom r, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(r.nextDouble() < 0.03 ? 'N' : "ACGTacgt".charAt(r.nextInt(8)));
    }
    return s.toString();
  }
}
