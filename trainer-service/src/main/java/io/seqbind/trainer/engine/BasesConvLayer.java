package io.seqbind.trainer.engine;

import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.ConvShape;

/**
 * The first convolution, reading base codes {@code [models][n][length]} directly (the one-hot input is never
 * materialised: the kernels gather one weight column per base); out {@code [models][n][filters][outLength]}.
 * It has no input gradient.
 */
final class BasesConvLayer {

  private final ConvOps ops;
  /** The shape at the network's batch capacity. */
  private final ConvShape full;
  final Param weight;
  final Param bias;
  private final float[] out;
  private byte[] bases;

  BasesConvLayer(ConvOps ops, ParamStore store, int index, int models, int capacity, int length, int filters,
      int width, int dilation) {
    this.ops = ops;
    this.full = new ConvShape(models, capacity, 4, length, filters, width, dilation);
    this.weight = store.convWeight("layer" + index, index, full);
    this.bias = store.convBias("layer" + index, index, full);
    this.out = new float[full.outputSize()];
  }

  float[] forward(byte[] bases, int n) {
    this.bases = bases;
    ops.forwardBases(full.withBatch(n), bases, weight.value(), bias.value(), out);
    return out;
  }

  void backward(float[] gradOut, int n) {
    ops.backwardBases(full.withBatch(n), bases, gradOut, weight.grad(), bias.grad());
  }
}
