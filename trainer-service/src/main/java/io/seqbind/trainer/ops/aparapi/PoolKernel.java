package io.seqbind.trainer.ops.aparapi;

import io.seqbind.trainer.ops.PoolShape;

/**
 * The shape fields every pooling kernel reads, declared once. A row is one (model, sample, channel) of
 * {@code length} inputs and {@code outLength} outputs; {@code items} is the number of work items that do work
 * (the launch is padded to whole work groups). Public for the reason {@link ConvKernel} gives.
 */
public abstract class PoolKernel extends DeviceBoundKernel {
  public int rows;
  public int length;
  public int window;
  public int stride;
  public int outLength;
  public int items;

  /** Host side: copies {@code s} and the work-item count into the fields before a launch. */
  public final void shape(PoolShape s, int workItems) {
    rows = s.models() * s.batch() * s.channels();
    length = s.length();
    window = s.window();
    stride = s.stride();
    outLength = s.outLength();
    items = workItems;
  }
}
