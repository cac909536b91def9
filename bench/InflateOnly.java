package bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Baseline: inflate a gzip'd file through the JDK's zlib, as jfrtriage does, keeping nothing (a 64 KB buffer, no
 * file written). Prints the inflated size.
 */
public final class InflateOnly {
    public static void main(String[] args) throws Exception {
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(args[0])), 64 * 1024)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
            }
        }
        System.out.println(bytes);
    }
}
