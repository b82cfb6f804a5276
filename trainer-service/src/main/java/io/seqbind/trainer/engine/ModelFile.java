package io.seqbind.trainer.engine;

import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.SpecJson;
import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.PoolOps;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The engine's own weights file (a job's checkpoint of its final models; ONNX is the exchange format): the
 * models of a network with their spec, so they can be loaded and scored without anything else. Layout
 * (big-endian, {@link DataOutputStream}): the magic line {@code seqbind-weights 2}, the spec as UTF-8 JSON (int
 * byte count + bytes), the input length it was built for, the model count, then per model the tensor count and
 * per tensor its name (modified UTF-8), float count and floats (parameters, then batch-norm running statistics).
 */
public final class ModelFile {

  private static final String MAGIC = "seqbind-weights 2";

  private ModelFile() {}

  /** Writes model {@code m} of {@code network} atomically, as a one-model file. */
  public static void save(Path file, Network network, int m) throws IOException {
    write(file, network, new int[] {m});
  }

  /** Writes every model of {@code network} atomically. */
  public static void save(Path file, Network network) throws IOException {
    int[] all = new int[network.models()];
    java.util.Arrays.setAll(all, m -> m);
    write(file, network, all);
  }

  private static void write(Path file, Network network, int[] models) throws IOException {
    byte[] spec = SpecJson.write(network.spec()).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, raw -> {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
      out.writeUTF(MAGIC);
      out.writeInt(spec.length);
      out.write(spec);
      out.writeInt(network.length());
      out.writeInt(models.length);
      for (int m : models) {
        Map<String, float[]> tensors = network.store().snapshot(m);
        out.writeInt(tensors.size());
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
          out.writeUTF(e.getKey());
          out.writeInt(e.getValue().length);
          for (float v : e.getValue()) {
            out.writeFloat(v);
          }
        }
      }
      out.flush();
    });
  }

  /** A network of the saved models for the saved input length and a batch capacity of {@code capacity}. */
  public static Network load(Path file, int capacity, ConvOps convOps, PoolOps poolOps) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new IOException(file + ": not a seqbind weights file of this version (starts with '" + magic + "')");
      }
      byte[] specBytes = new byte[in.readInt()];
      in.readFully(specBytes);
      ModelSpec spec = SpecJson.read(new String(specBytes, StandardCharsets.UTF_8));
      int length = in.readInt();
      int models = in.readInt();
      if (models < 1 || models > 4096) {
        throw new IOException(file + ": " + models + " models is not a plausible count");
      }
      Network network = Network.create(spec, models, length, capacity, convOps, poolOps);
      for (int m = 0; m < models; m++) {
        Map<String, float[]> expected = network.store().snapshot(m);
        int count = in.readInt();
        if (count != expected.size()) {
          throw new IOException(file + ": model " + m + " has " + count + " tensors, the spec needs "
              + expected.size());
        }
        for (int t = 0; t < count; t++) {
          String name = in.readUTF();
          float[] target = expected.get(name);
          int size = in.readInt();
          if (target == null || target.length != size) {
            throw new IOException(file + ": tensor " + name + " of " + size + " values does not fit the spec");
          }
          for (int i = 0; i < size; i++) {
            target[i] = in.readFloat();
          }
        }
        network.store().restore(m, expected);
      }
      return network;
    } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
      throw new IOException(file + ": truncated or not a seqbind weights file", e);
    }
  }
}
