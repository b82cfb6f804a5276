package io.seqbind.trainer.engine;

import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.ConvShape;

/**
 * The first convolution, reading base codes directly (the one-hot input is never materialised): the
 * kernels gather one weight column per base. It has no input gradient.
 */
final class BasesConvLayer {

  private final ConvOps ops;
  private final int models;
  private final int length;
  private final int filters;
  private final int width;
  private final int dilation;
  final Param weight;
  final Param bias;
  private final float[] out;
  private byte[] bases;

  BasesConvLayer(ConvOps ops, ParamStore store, int index, int models, int capacity, int length, int filters,
      int width, int dilation) {
    this.ops = ops;
    this.models = models;
    this.length = length;
    this.filters = filters;
    this.width = width;
    this.dilation = dilation;
    this.weight = store.param("layer" + index + ".weight", index, true, 4 * width, filters * 4 * width);
    this.bias = store.param("layer" + index + ".bias", index, false, 4 * width, filters);
    this.out = new float[shape(capacity).outputSize()];
  }

  private ConvShape shape(int n) {
    return new ConvShape(models, n, 4, length, filters, width, dilation);
  }

  float[] forward(byte[] bases, int n) {
    this.bases = bases;
    ops.forwardBases(shape(n), bases, weight.value(), bias.value(), out);
    return out;
  }

  void backward(float[] gradOut, int n) {
    ops.backwardBases(shape(n), bases, gradOut, weight.grad(), bias.grad());
  }
}
