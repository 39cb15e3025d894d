package dev.wasm2jar.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -cp benchmarks.jar dev.wasm2jar.bench.ChicoryMain MODULE.wasm ARGS...}: runs a WASI
 * command under Chicory's compiler the way our jars run (a fresh process, argv[0] the module path,
 * the guest on a thread of its own), so whole-process times compare like for like. The thread's
 * stack is 1 GiB (ours: 128 MiB), as Chicory's interpreter spends several Java frames per Wasm
 * call, and it must not fail where we run. Each start
 * parses and translates the module: Chicory has no ahead-of-time jar for arbitrary modules.
 * {@code -Dchicory.dir=HOST} preopens a host directory as "." (as {@code -Dwasm2jar.dir} does for our
 * jars), for programs that use files.
 */
public final class ChicoryMain {
    private ChicoryMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ChicoryMain MODULE.wasm [ARGS...]");
            System.exit(2);
        }
        List<String> argv = new ArrayList<>(Arrays.asList(args));
        int[] status = {1};
        Thread guest = new Thread(null, () -> status[0] = run(argv), "wasm-main", 1L << 30);
        guest.start();
        guest.join();
        System.out.flush();
        System.exit(status[0]);
    }

    private static int run(List<String> argv) {
        PrintStream out = System.out;
        try {
            byte[] wasm = Files.readAllBytes(Path.of(argv.get(0)));
            String dir = System.getProperty("chicory.dir");
            int code = new ChicoryEngine(wasm).instantiate(argv, out, System.err, dir == null ? null : Path.of(dir))
                    .start();
            out.flush();
            return code;
        } catch (IOException e) {
            System.err.println("ChicoryMain: " + e);
            return 1;
        } catch (Throwable t) { // a trap (Chicory's TrapException), or anything else that ended the run
            out.flush();
            System.err.println("ChicoryMain: " + t);
            return 134;
        }
    }
}
