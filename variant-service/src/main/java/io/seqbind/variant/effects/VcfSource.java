package io.seqbind.variant.effects;

import htsjdk.samtools.util.CloseableIterator;
import htsjdk.tribble.readers.LineIterator;
import htsjdk.variant.variantcontext.Allele;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFCodec;
import htsjdk.variant.vcf.VCFFileReader;
import htsjdk.variant.vcf.VCFHeader;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.io.LineSource;
import io.seqbind.core.io.Quoted;
import io.seqbind.proto.v1.VariantRecord;
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
    // LineSource bounds a line's length (a binary file or a device must not fill the heap) and reads gzip.
    LineSource reader = LineSource.open(path);
    CountingLines lines = new CountingLines(reader);
    VCFCodec codec = new VCFCodec();
    VCFHeader header;
    try {
      Object h = codec.readActualHeader(lines);
      header = (VCFHeader) h;
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw new InputFormatException(file, lines.lineNumber(), "cannot read the VCF header (" + htsjdkSays(e)
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
          throw new InputFormatException(file, lines.lineNumber(), "cannot parse VCF record (" + htsjdkSays(e)
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
      throw new InputFormatException(file, 0, "cannot open the indexed VCF (" + htsjdkSays(e) + ")",
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
            + from + "-" + (end <= 0 ? "end" : end) + " (" + htsjdkSays(e) + ")",
            "tab-separated CHROM, POS, ID, REF, ALT, QUAL, FILTER, INFO columns", e);
      }
      return toInput(vc, idx, file + " record " + idx);
    });
  }

  /**
   * htsjdk's messages quote the offending header or record line at any length: show the start of the reason as
   * a short token (the file and line are named beside it), so a VCF's content never comes back whole.
   */
  private static String htsjdkSays(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    for (String prefix : new String[] {"Your input file has a malformed header: ",
        "The provided VCF file is malformed at approximately line number "}) {
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
    }
    return Quoted.token(message);
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

  /** htsjdk's LineIterator over a LineSource, counting 1-based line numbers for error messages. */
  private static final class CountingLines implements LineIterator {
    private final LineSource source;
    private String peeked;
    private long line;

    CountingLines(LineSource source) {
      this.source = source;
    }

    long lineNumber() {
      return line;
    }

    @Override
    public String peek() {
      if (peeked == null) {
        peeked = source.next();
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
