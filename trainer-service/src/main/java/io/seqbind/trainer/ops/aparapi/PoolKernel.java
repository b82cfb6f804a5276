package io.seqbind.trainer.ops.aparapi;

import io.seqbind.trainer.ops.PoolShape;

/**
 * The fields every pooling kernel reads, declared once. A row is one (model, sample, channel) of {@code length}
 * inputs and {@code outLength} outputs. A forward work item takes {@code qTile} outputs of a row, a backward one
 * {@code rTile} whole rows; {@code items} is the number of work items that do work (the launch is padded to
 * whole work groups). Public for the reason {@link ConvKernel} gives.
 */
public abstract class PoolKernel extends DeviceBoundKernel {
  public int rows;
  public int length;
  public int window;
  public int stride;
  public int outLength;
  public int qTile;
  public int qTiles;
  public int rTile;
  public int items;

  /** Host side: {@code s}, with work items of {@code outputs} outputs of a row each; returns the item count. */
  public final int tileOutputs(PoolShape s, int outputs) {
    shape(s);
    qTile = outputs;
    qTiles = (outLength + outputs - 1) / outputs;
    items = rows * qTiles;
    return items;
  }

  /** Host side: {@code s}, with work items of {@code rowCount} whole rows each; returns the item count. */
  public final int tileRows(PoolShape s, int rowCount) {
    shape(s);
    rTile = rowCount;
    items = (rows + rowCount - 1) / rowCount;
    return items;
  }

  private void shape(PoolShape s) {
    rows = s.models() * s.batch() * s.channels();
    length = s.length();
    window = s.window();
    stride = s.stride();
    outLength = s.outLength();
  }
}
