package io.seqbind.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = SeqbindCommand.class.getPackage().getImplementationVersion();
    return new String[] {"seqbind " + (version == null ? "development build" : version)};
  }
}
