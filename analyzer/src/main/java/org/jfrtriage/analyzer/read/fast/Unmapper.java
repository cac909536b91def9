package org.jfrtriage.analyzer.read.fast;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Releases a chunk's memory mapping as soon as the chunk is read, instead of whenever the garbage collector
 * finds the buffer: otherwise every page of a multi-GB file stays mapped (and counted in the process's RSS)
 * until a full collection. Uses {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported) on JDK 17–23;
 * JDK 24 and later warn on every use of it, so there the mappings are left to the collector (the pages are
 * clean file pages the kernel can drop at any time; a Java 22+ build could use an {@code Arena} instead).
 *
 * <p>Only for buffers no thread will read again.
 */
final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    /** From this JDK on, calling Unsafe memory methods prints a deprecation warning (JEP 498). */
    private static final int FIRST_WARNING_FEATURE = 24;

    static {
        Object unsafe = null;
        Method cleaner = null;
        try {
            if (Runtime.version().feature() >= FIRST_WARNING_FEATURE) {
                throw new UnsupportedOperationException("leave mappings to the collector");
            }
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            cleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    private Unmapper() {
    }

    static void unmap(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || !buffer.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a duplicate or slice cannot be cleaned: the collector will release it
        }
    }
}
