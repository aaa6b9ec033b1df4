package org.relman.deploy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first quarter and the last three quarters of at most {@code limit} bytes of output: the start shows what
 * ran, the end shows why it failed. Whatever falls between is counted and marked.
 */
final class BoundedOutput extends OutputStream {

  private final byte[] head;
  private final byte[] tail;
  private int headLength;
  private long tailWritten;
  private long total;

  BoundedOutput(int limit) {
    int headCapacity = Math.max(1, limit / 4);
    this.head = new byte[headCapacity];
    this.tail = new byte[Math.max(1, limit - headCapacity)];
  }

  @Override
  public synchronized void write(int b) {
    total++;
    if (headLength < head.length) {
      head[headLength++] = (byte) b;
    } else {
      tail[(int) (tailWritten++ % tail.length)] = (byte) b;
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = 0; i < length; i++) {
      write(bytes[offset + i]);
    }
  }

  @Override
  public synchronized String toString() {
    StringBuilder text = new StringBuilder(new String(head, 0, headLength, StandardCharsets.UTF_8));
    int kept = (int) Math.min(tailWritten, tail.length);
    long omitted = tailWritten - kept;
    if (omitted > 0) {
      text.append("\n[... ").append(omitted).append(" bytes of output omitted ...]\n");
    }
    byte[] ordered = new byte[kept];
    int start = (int) ((tailWritten - kept) % tail.length);
    for (int i = 0; i < kept; i++) {
      ordered[i] = tail[(start + i) % tail.length];
    }
    return text.append(new String(ordered, StandardCharsets.UTF_8)).toString();
  }

  synchronized long total() {
    return total;
  }
}
