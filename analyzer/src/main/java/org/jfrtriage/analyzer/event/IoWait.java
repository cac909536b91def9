package org.jfrtriage.analyzer.event;

/**
 * A thread waited on a socket or a file: {@code jdk.SocketRead}, {@code jdk.SocketWrite}, {@code jdk.FileRead},
 * {@code jdk.FileWrite}. The JDK records only waits longer than the event's threshold (20 ms in JDK 17's default
 * settings, 10 ms in its profile; 1 ms, throttled to 100 or 300 events a second, in JDK 25's).
 *
 * @param host the remote host name as the socket knows it, or empty (sockets only)
 * @param address the remote address, or empty (sockets only)
 * @param port the remote port, 0 when not given (sockets only)
 * @param path the file's path, or empty (files only)
 * @param bytes bytes read or written
 */
public record IoWait(Kind kind, long startNanos, long durationNanos, int thread, int stack, String host,
                     String address, int port, String path, long bytes) {

    /** What the thread waited for. */
    public enum Kind {
        SOCKET_READ("socket read"), SOCKET_WRITE("socket write"), FILE_READ("file read"), FILE_WRITE("file write");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean socket() {
            return this == SOCKET_READ || this == SOCKET_WRITE;
        }
    }

    /** Where the thread waited: {@code host:port (address)} for a socket, the path for a file. */
    public String endpoint() {
        if (!kind.socket()) {
            return path == null || path.isEmpty() ? "(no path: stdout, stderr or an inherited descriptor)" : path;
        }
        String h = host == null ? "" : host;
        String a = address == null ? "" : address;
        String name = !h.isEmpty() ? h : !a.isEmpty() ? a : "(unknown host)";
        String withPort = port > 0 ? name + ":" + port : name;
        return !h.isEmpty() && !a.isEmpty() && !a.equals(h) ? withPort + " (" + a + ")" : withPort;
    }
}
