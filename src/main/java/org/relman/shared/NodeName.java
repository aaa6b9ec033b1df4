package org.relman.shared;

import java.net.InetAddress;
import java.util.UUID;

/**
 * A name for one of relman's parts running in this JVM, as other nodes and the engine see it: the host and a suffix
 * drawn anew each time ({@code relman-1-3f2a9c1e}), so two nodes on one host, or a node restarted on the same host
 * (a container's pid is 1 every time), are never taken for each other. At most 100 characters, what the columns that
 * record it hold. The notification dispatcher claims deliveries under it; the external-task workers fetch and lock
 * under it.
 */
public final class NodeName {

  private NodeName() {}

  public static String draw() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "relman";
    }
    String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
    return name.length() > 100 ? name.substring(name.length() - 100) : name;
  }
}
