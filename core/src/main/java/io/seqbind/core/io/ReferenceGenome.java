package io.seqbind.core.io;

import htsjdk.samtools.reference.FastaSequenceIndex;
import htsjdk.samtools.reference.FastaSequenceIndexEntry;
import htsjdk.samtools.reference.ReferenceSequenceFile;
import htsjdk.samtools.reference.ReferenceSequenceFileFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An indexed reference genome for random access (htsjdk's indexed FASTA reader): plain FASTA with a
 * samtools {@code .fai}, or bgzip-compressed FASTA with {@code .fai} and {@code .gzi}. An index is
 * required because windows are cut from anywhere in a multi-gigabyte genome; reading it whole is not an
 * option.
 */
public final class ReferenceGenome implements AutoCloseable {

  private final Path path;
  private final FastaSequenceIndex index;
  private final ReferenceSequenceFile fasta;

  private ReferenceGenome(Path path, FastaSequenceIndex index, ReferenceSequenceFile fasta) {
    this.path = path;
    this.index = index;
    this.fasta = fasta;
  }

  /**
   * Opens {@code path} with its index.
   *
   * @throws InputFormatException if the file, its {@code .fai} or (when compressed) its {@code .gzi} is
   *     missing
   */
  public static ReferenceGenome open(Path path) {
    String name = path.toString();
    if (Files.isDirectory(path)) {
      throw new InputFormatException(name, 0, "is a directory", "a reference FASTA file");
    }
    if (!Files.isRegularFile(path)) {
      throw new InputFormatException(name, 0, "no such file", "an existing reference FASTA");
    }
    Path fai = ReferenceSequenceFileFactory.getFastaIndexFileName(path);
    if (!Files.isRegularFile(fai)) {
      throw new InputFormatException(name, 0, "no FASTA index " + fai,
          "an index made with 'samtools faidx " + name + "'");
    }
    if (isGzip(path)) {
      // A plain gzip file cannot be read at the .fai's offsets: decided from the bytes, not the name, since
      // htsjdk takes a gzip file named .fa for plain text and returns garbage bases.
      String expected = "a reference compressed with 'bgzip' and indexed with 'samtools faidx " + name
          + "' (or an uncompressed one)";
      if (!isBlockCompressed(path)) {
        throw new InputFormatException(name, 0, "gzip-compressed, not bgzip (block) compressed", expected);
      }
      if (!Files.isRegularFile(Path.of(name + ".gzi"))) {
        throw new InputFormatException(name, 0, "compressed reference without a .gzi index", expected);
      }
    }
    try {
      FastaSequenceIndex index = new FastaSequenceIndex(fai);
      ReferenceSequenceFile fasta = ReferenceSequenceFileFactory.getReferenceSequenceFile(path, true, true);
      return new ReferenceGenome(path, index, fasta);
    } catch (RuntimeException e) {
      throw new InputFormatException(name, 0, "cannot open as an indexed FASTA (" + e.getMessage() + ")",
          "a FASTA file with a matching samtools .fai index", e);
    }
  }

  private static boolean isBlockCompressed(Path path) {
    try (var in = new java.io.BufferedInputStream(Files.newInputStream(path))) {
      return htsjdk.samtools.util.BlockCompressedInputStream.isValidFile(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static boolean isGzip(Path path) {
    try (var in = Files.newInputStream(path)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** The reference as the caller named it. */
  public String file() {
    return path.toString();
  }

  /** Length of {@code contig}, or -1 if the reference has no such contig. */
  public long contigLength(String contig) {
    return index.hasIndexEntry(contig) ? index.getIndexEntry(contig).getSize() : -1;
  }

  /** Contig names in index order. */
  public List<String> contigNames() {
    List<String> names = new ArrayList<>(index.size());
    for (FastaSequenceIndexEntry e : index) {
      names.add(e.getContig());
    }
    return names;
  }

  /**
   * The bases of {@code contig} in 0-based half-open {@code [start, end)}, upper-cased.
   *
   * @throws IllegalArgumentException if the range is not inside the contig
   */
  public String fetch(String contig, long start, long end) {
    long length = contigLength(contig);
    if (length < 0 || start < 0 || end > length || start >= end) {
      throw new IllegalArgumentException(contig + ":" + start + "-" + end + " is not a non-empty range of "
          + file() + (length < 0 ? " (no such contig)" : " (contig length " + length + ")"));
    }
    byte[] bases = fasta.getSubsequenceAt(contig, start + 1, end).getBases();
    return new String(bases, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
  }

  @Override
  public void close() {
    try {
      fasta.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path, e);
    }
  }
}
