package io.seqbind.trainer.ops.aparapi;

import io.seqbind.trainer.ops.ConvShape;

/**
 * The shape fields every convolution kernel reads, declared once: a {@link ConvShape} as kernel ints (kernels
 * hold only primitive fields and 1-D arrays). Public, not private: Aparapi leaves a superclass's private fields
 * out of the OpenCL struct it builds.
 */
public abstract class ConvKernel extends DeviceBoundKernel {
  public int models;
  public int batch;
  public int inChannels;
  public int length;
  public int filters;
  public int width;
  public int dilation;
  public int outLength;

  /** Host side: copies {@code s} into the fields before a launch. */
  public final void shape(ConvShape s) {
    models = s.models();
    batch = s.batch();
    inChannels = s.inChannels();
    length = s.length();
    filters = s.filters();
    width = s.width();
    dilation = s.dilation();
    outLength = s.outLength();
  }
}
