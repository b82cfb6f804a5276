package io.seqbind.variant.effects;

import htsjdk.samtools.util.CloseableIterator;
import htsjdk.samtools.util.IOUtil;
import htsjdk.tribble.readers.LineIterator;
import htsjdk.variant.variantcontext.Allele;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFCodec;
import htsjdk.variant.vcf.VCFFileReader;
import htsjdk.variant.vcf.VCFHeader;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.proto.v1.VariantRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams the records of a VCF or bgzipped VCF as {@link VariantInput}s, one at a time (htsjdk's VCF
 * codec). Without a region the file is read line by line so that a record that does not parse is
 * reported with its line number ({@link InputFormatException}); with a region the tabix (.tbi) or CSI
 * index is queried, and records are named by their index within the region.
 */
public final class VcfSource implements Iterator<VariantInput>, AutoCloseable {

  /** A region was asked for but the VCF has no index to find it with. */
  public static final class MissingIndexException extends RuntimeException {
    MissingIndexException(String message) {
      super(message);
    }
  }

  private final String file;
  private final VCFHeader header;
  private final AutoCloseable closer;
  private final Next next;
  private VariantInput pending;
  private long index;

  @FunctionalInterface
  private interface Next {
    /** The next record, or null at the end. */
    VariantInput read(long index);
  }

  private VcfSource(String file, VCFHeader header, AutoCloseable closer, Next next) {
    this.file = file;
    this.header = header;
    this.closer = closer;
    this.next = next;
  }

  /** Every record of {@code path}, in file order. */
  public static VcfSource open(Path path) {
    String file = path.toString();
    requireFile(path);
    BufferedReader reader = new BufferedReader(new InputStreamReader(IOUtil.openFileForReading(path),
        StandardCharsets.UTF_8), 1 << 16);
    CountingLines lines = new CountingLines(reader, file);
    VCFCodec codec = new VCFCodec();
    VCFHeader header;
    try {
      Object h = codec.readActualHeader(lines);
      header = (VCFHeader) h;
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw new InputFormatException(file, lines.lineNumber(), "cannot read the VCF header (" + e.getMessage()
          + ")", "'##fileformat=VCFv4.x' meta lines and a '#CHROM POS ID REF ALT ...' header line", e);
    }
    return new VcfSource(file, header, reader, idx -> {
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        VariantContext vc;
        try {
          vc = codec.decode(line);
        } catch (RuntimeException e) {
          throw new InputFormatException(file, lines.lineNumber(), "cannot parse VCF record (" + e.getMessage()
              + ")", "tab-separated CHROM, POS, ID, REF, ALT, QUAL, FILTER, INFO columns", e);
        }
        if (vc != null) {
          return toInput(vc, idx, file + ":" + lines.lineNumber());
        }
      }
      return null;
    });
  }

  /**
   * The records of {@code path} overlapping {@code chrom:start-end} (1-based inclusive; end 0 means the
   * contig end), through its .tbi or .csi index.
   *
   * @throws MissingIndexException when there is no index
   */
  public static VcfSource query(Path path, String chrom, long start, long end) {
    String file = path.toString();
    requireFile(path);
    if (!Files.exists(Path.of(file + ".tbi")) && !Files.exists(Path.of(file + ".csi"))) {
      throw new MissingIndexException(file + ": no index " + file + ".tbi or .csi for the region query, expected"
          + " a bgzipped VCF indexed with 'tabix -p vcf " + file + "'");
    }
    VCFFileReader reader;
    try {
      reader = new VCFFileReader(path, true);
    } catch (RuntimeException e) {
      throw new InputFormatException(file, 0, "cannot open the indexed VCF (" + e.getMessage() + ")",
          "a bgzipped VCF with a matching .tbi or .csi index", e);
    }
    int from = (int) Math.max(1, start);
    int to = end <= 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, end);
    CloseableIterator<VariantContext> it = reader.query(chrom, from, to);
    return new VcfSource(file, reader.getFileHeader(), () -> {
      it.close();
      reader.close();
    }, idx -> {
      VariantContext vc;
      try {
        if (!it.hasNext()) {
          return null;
        }
        vc = it.next();
      } catch (RuntimeException e) {
        throw new InputFormatException(file, 0, "cannot parse VCF record " + idx + " of region " + chrom + ":"
            + from + "-" + (end <= 0 ? "end" : end) + " (" + e.getMessage() + ")",
            "tab-separated CHROM, POS, ID, REF, ALT, QUAL, FILTER, INFO columns", e);
      }
      return toInput(vc, idx, file + " record " + idx);
    });
  }

  private static void requireFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new InputFormatException(path.toString(), 0, "no such file", "an existing VCF or VCF.gz file");
    }
  }

  static VariantInput toInput(VariantContext vc, long index, String where) {
    VariantRecord.Builder rec = VariantRecord.newBuilder()
        .setChrom(vc.getContig())
        .setPos(vc.getStart())
        .setId(vc.getID())
        .setRef(vc.getReference().getBaseString());
    for (Allele alt : vc.getAlternateAlleles()) {
      rec.addAlt(alt.getDisplayString());
    }
    return new VariantInput(index, rec.build(), vc.isFiltered(), where, vc);
  }

  /** The VCF header, for writing an annotated copy. */
  public VCFHeader header() {
    return header;
  }

  public String file() {
    return file;
  }

  @Override
  public boolean hasNext() {
    if (pending == null) {
      pending = next.read(index);
    }
    return pending != null;
  }

  @Override
  public VariantInput next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    VariantInput out = pending;
    pending = null;
    index++;
    return out;
  }

  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close " + file, e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Already failing with a better message.
    }
  }

  /** htsjdk's LineIterator over a reader, counting 1-based line numbers for error messages. */
  private static final class CountingLines implements LineIterator {
    private final BufferedReader reader;
    private final String file;
    private String peeked;
    private long line;

    CountingLines(BufferedReader reader, String file) {
      this.reader = reader;
      this.file = file;
    }

    long lineNumber() {
      return line;
    }

    @Override
    public String peek() {
      if (peeked == null) {
        try {
          peeked = reader.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }
      return peeked;
    }

    @Override
    public boolean hasNext() {
      return peek() != null;
    }

    @Override
    public String next() {
      String s = peek();
      if (s == null) {
        throw new NoSuchElementException();
      }
      peeked = null;
      line++;
      return s;
    }
  }
}
