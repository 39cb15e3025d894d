package dev.wasm2jar.wasi;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** args, environ, clocks, random, scheduling and process exit (witx: wasi_snapshot_preview1). */
final class ProcCalls extends Calls {
    private final List<byte[]> args = new ArrayList<>();
    private final List<byte[]> env = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    ProcCalls(WasiContext cx) {
        super(cx);
        for (String a : cx.config.args) args.add(a.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> e : cx.config.env.entrySet()) {
            env.add((e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8));
        }
    }

    public int args_get(int argv, int argvBuf) {
        try {
            writeStrings(args, argv, argvBuf);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int args_sizes_get(int countPtr, int sizePtr) {
        try {
            writeSizes(args, countPtr, sizePtr);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int environ_get(int environ, int environBuf) {
        try {
            writeStrings(env, environ, environBuf);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int environ_sizes_get(int countPtr, int sizePtr) {
        try {
            writeSizes(env, countPtr, sizePtr);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** Pointers into {@code buf} at {@code ptrs}, each string NUL-terminated in {@code buf}. */
    private void writeStrings(List<byte[]> strings, int ptrs, int buf) {
        for (byte[] s : strings) {
            mem.setI32(ptrs, buf);
            ptrs += 4;
            mem.write(buf, s);
            mem.setU8(buf + s.length, 0);
            buf += s.length + 1;
        }
    }

    private void writeSizes(List<byte[]> strings, int countPtr, int sizePtr) {
        long size = 0;
        for (byte[] s : strings) size += s.length + 1;
        check(size <= 0xFFFFFFFFL, Errno.OVERFLOW);
        mem.setI32(countPtr, strings.size());
        mem.setI32(sizePtr, (int) size);
    }

    /** Every clock resolves to 1 ns, as wasmtime reports for realtime and monotonic. */
    public int clock_res_get(int id, int resultPtr) {
        try {
            check(id >= 0 && id <= Abi.CLOCK_THREAD_CPUTIME, Errno.INVAL);
            mem.setI64(resultPtr, 1L);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int clock_time_get(int id, long precision, int resultPtr) {
        try {
            long t;
            switch (id) {
                case Abi.CLOCK_REALTIME -> t = cx.config.clock().realtime();
                case Abi.CLOCK_MONOTONIC -> t = cx.config.clock().monotonic();
                case Abi.CLOCK_PROCESS_CPUTIME -> t = processCpuTime();
                case Abi.CLOCK_THREAD_CPUTIME -> t = threadCpuTime();
                default -> throw dev.wasm2jar.wasi.abi.WasiError.of(Errno.INVAL);
            }
            mem.setI64(resultPtr, t);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    private long processCpuTime() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                long t = os.getProcessCpuTime();
                if (t >= 0) return t;
            }
        } catch (LinkageError e) {
            // a runtime image without jdk.management: fall through
        }
        return System.nanoTime() - startNanos;
    }

    private long threadCpuTime() {
        try {
            var threads = ManagementFactory.getThreadMXBean();
            if (threads.isCurrentThreadCpuTimeSupported()) {
                long t = threads.getCurrentThreadCpuTime();
                if (t >= 0) return t;
            }
        } catch (LinkageError e) {
            // a runtime image without java.management: fall through
        }
        return processCpuTime();
    }

    public int random_get(int buf, int len) {
        try {
            mem.check(buf, len & 0xFFFFFFFFL);
            byte[] b = new byte[len];
            cx.config.random().nextBytes(b);
            mem.write(buf, b);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int sched_yield() {
        Thread.yield();
        return Errno.SUCCESS;
    }

    /** Unwinds the guest with {@link WasiExitException}; {@link Wasi#run} returns the code. */
    public void proc_exit(int code) {
        throw new WasiExitException(code);
    }

    /** wasmtime does not deliver signals: ENOTSUP for every valid one. */
    public int proc_raise(int sig) {
        return sig >= 0 && sig <= 30 ? Errno.NOTSUP : Errno.INVAL;
    }
}
