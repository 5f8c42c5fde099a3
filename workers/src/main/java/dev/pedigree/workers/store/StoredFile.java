package dev.pedigree.workers.store;

import java.io.IOException;
import java.io.OutputStream;

/** A file of the artifact store, served as it is: whoever receives the bytes checks them against the recorded sha256. */
public interface StoredFile {
  long size();

  /** Copies the {@code length} bytes from {@code offset} on, streaming; the range must lie inside the file. */
  void copyTo(OutputStream out, long offset, long length) throws IOException;
}
