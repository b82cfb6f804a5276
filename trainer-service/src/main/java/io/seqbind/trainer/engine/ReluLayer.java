package io.seqbind.trainer.engine;

/** max(0, x); the gradient passes where the output is positive. */
final class ReluLayer implements Layer {

  private final int perSample;
  private final int models;
  private final float[] out;
  private final float[] gradIn;

  ReluLayer(int models, int capacity, int perSample) {
    this.models = models;
    this.perSample = perSample;
    this.out = new float[models * capacity * perSample];
    this.gradIn = new float[out.length];
  }

  @Override
  public float[] forward(float[] in, int n, boolean training) {
    int size = models * n * perSample;
    for (int i = 0; i < size; i++) {
      out[i] = in[i] > 0f ? in[i] : 0f;
    }
    return out;
  }

  @Override
  public float[] backward(float[] gradOut, int n) {
    int size = models * n * perSample;
    for (int i = 0; i < size; i++) {
      gradIn[i] = out[i] > 0f ? gradOut[i] : 0f;
    }
    return gradIn;
  }
}
