package io.seqbind.trainer.ops.aparapi;

import io.seqbind.trainer.ops.ConvShape;

/**
 * The fields every convolution kernel reads, declared once: a {@link ConvShape} as kernel ints (kernels hold
 * only primitive fields and 1-D arrays) and the tiling of outputs into work items. Public, not private: Aparapi
 * leaves a superclass's private fields out of the OpenCL struct it builds.
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
  /** A work item's tile: {@code pTile} positions x {@code fTile} filters; tiles per row and per filter set. */
  public int pTile;
  public int pTiles;
  public int fTile;
  public int fTiles;
  /** Work items that do work (the launch is padded to whole work groups). */
  public int items;

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

  /** Host side, after {@link #shape}: tiles of {@code positions} output positions x {@code filterCount} filters. */
  public final void tile(int positions, int filterCount) {
    pTile = positions;
    pTiles = (outLength + positions - 1) / positions;
    fTile = filterCount;
    fTiles = (filters + filterCount - 1) / filterCount;
  }
}
