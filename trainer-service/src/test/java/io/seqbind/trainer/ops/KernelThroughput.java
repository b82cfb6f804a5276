package io.seqbind.trainer.ops;

import io.seqbind.trainer.ops.aparapi.OpenCLDevices;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prints first-layer conv forward + backward (weights, bias) throughput in samples/s at batch 256, L=101,
 * width 24, for 16 and 128 filters, in the Java thread pool, on OpenCL (when present) and for the
 * single-threaded JavaOps reference. Not a test: run on demand, e.g.
 * {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java -cp trainer-service/target/classes:trainer-service/target/test-classes:$(cat cp.txt)
 * io.seqbind.trainer.ops.KernelThroughput [seconds-per-case]}.
 */
public final class KernelThroughput {

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    List<ConvOps> all = new ArrayList<>();
    all.add(AparapiOps.create(DeviceChoice.JAVA));
    if (!OpenCLDevices.probe().isEmpty()) {
      all.add(AparapiOps.create(DeviceChoice.OPENCL));
    }
    all.add(new JavaOps());
    for (int filters : new int[] {16, 128}) {
      ConvShape s = new ConvShape(1, 256, 4, 101, filters, 24, 1);
      Random rnd = new Random(1);
      byte[] bases = OpsContractTest.bases(rnd, s.basesSize(), 0.01);
      float[] w = OpsContractTest.gaussian(rnd, s.weightSize());
      float[] b = OpsContractTest.gaussian(rnd, s.biasSize());
      float[] out = new float[s.outputSize()];
      float[] gradOut = OpsContractTest.gaussian(rnd, s.outputSize());
      float[] gW = new float[s.weightSize()];
      float[] gB = new float[s.biasSize()];
      for (ConvOps ops : all) {
        String name = ops instanceof AparapiOps a ? a.ranOn() : "JavaOps (reference, 1 thread)";
        long fwd = 0;
        long bwd = 0;
        int steps = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int warm = 0; warm < 5; warm++) {
          ops.forwardBases(s, bases, w, b, out);
          ops.backwardBases(s, bases, gradOut, gW, gB);
        }
        while (System.nanoTime() < end || steps < 5) {
          long t0 = System.nanoTime();
          ops.forwardBases(s, bases, w, b, out);
          long t1 = System.nanoTime();
          ops.backwardBases(s, bases, gradOut, gW, gB);
          long t2 = System.nanoTime();
          fwd += t1 - t0;
          bwd += t2 - t1;
          steps++;
        }
        double fwdMs = fwd / 1e6 / steps;
        double bwdMs = bwd / 1e6 / steps;
        System.out.printf("filters %3d  %-70s fwd %7.2f ms  bwd %7.2f ms  fwd+bwd %8.0f samples/s%n",
            filters, name, fwdMs, bwdMs, s.batch() / ((fwdMs + bwdMs) / 1e3));
      }
    }
    for (ConvOps ops : all) {
      if (ops instanceof AparapiOps a) {
        a.close();
      }
    }
  }
}
