import com.sun.management.ThreadMXBean;
import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The bytes a running JVM allocates while a command runs, exactly: attaches to the JVM (its local
 * management agent), reads {@code ThreadMXBean.getTotalThreadAllocatedBytes()} (every thread's
 * allocations, live and ended; a virtual thread's count on its carrier), runs the command with its
 * output passed through, reads again, and prints {@code allocated-bytes: N} last. Exits with the
 * command's status. Used by scripts/profile.sh.
 *
 * <p>Usage: {@code java scripts/AllocatedBytes.java PID COMMAND [ARG...]}
 */
public final class AllocatedBytes {
  private AllocatedBytes() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: java AllocatedBytes.java PID COMMAND [ARG...]");
      System.exit(2);
    }
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      ThreadMXBean threads =
          ManagementFactory.newPlatformMXBeanProxy(
              jmx.getMBeanServerConnection(),
              ManagementFactory.THREAD_MXBEAN_NAME,
              ThreadMXBean.class);
      threads.getTotalThreadAllocatedBytes(); // the first call's own costs fall before the window
      String[] command = java.util.Arrays.copyOfRange(args, 1, args.length);
      long before = threads.getTotalThreadAllocatedBytes();
      int status = new ProcessBuilder(command).inheritIO().start().waitFor();
      long after = threads.getTotalThreadAllocatedBytes();
      System.out.flush();
      System.out.println("allocated-bytes: " + (after - before));
      System.exit(status);
    }
  }
}
