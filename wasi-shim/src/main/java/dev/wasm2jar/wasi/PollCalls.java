package dev.wasm2jar.wasi;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import dev.wasm2jar.wasi.fd.Descriptor;
import dev.wasm2jar.wasi.fd.FileDescriptor;
import dev.wasm2jar.wasi.fd.ListenerDescriptor;
import dev.wasm2jar.wasi.fd.OutputDescriptor;
import dev.wasm2jar.wasi.fd.SocketDescriptor;
import dev.wasm2jar.wasi.fd.StdinDescriptor;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * poll_oneoff, shaped like wasmtime's: zero subscriptions is EINVAL; a lone relative clock is a
 * plain sleep (reported with nbytes 1); otherwise every subscription is checked, the call blocks
 * until at least one is ready, and one event per ready subscription is written in subscription
 * order. Files are always ready (fd_read reports HANGUP at end of file); stdin is ready when input
 * or end of input is there; sockets are watched with a Selector.
 */
final class PollCalls extends Calls {
    PollCalls(WasiContext cx) {
        super(cx);
    }

    private static final class Sub {
        long userdata;
        byte type;
        long deadline; // System.nanoTime() at which a clock fires
        Descriptor desc;
        SelectionKey key;
    }

    public int poll_oneoff(int in, int out, int nsubs, int resultPtr) {
        try {
            check(nsubs != 0, Errno.INVAL);
            long count = nsubs & 0xFFFFFFFFL;
            mem.check(in, count * Abi.SUBSCRIPTION_SIZE);
            if (count == 1 && mem.u8(in + 8) == Abi.EVENTTYPE_CLOCK && (mem.u16(in + 40) & Abi.SUBCLOCK_ABSTIME) == 0) {
                mem.check(out, Abi.EVENT_SIZE);
                sleep(mem.i64(in + 24));
                writeEvent(out, mem.i64(in), Abi.EVENTTYPE_CLOCK, 1, 0);
                mem.setI32(resultPtr, 1);
                return Errno.SUCCESS;
            }
            mem.check(out, count * Abi.EVENT_SIZE);
            List<Sub> subs = new ArrayList<>();
            for (int i = 0; i < nsubs; i++) subs.add(parse(in + i * Abi.SUBSCRIPTION_SIZE));
            int n = wait(subs, out);
            mem.setI32(resultPtr, n);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    private Sub parse(int p) {
        Sub s = new Sub();
        s.userdata = mem.i64(p);
        int tag = mem.u8(p + 8);
        s.type = (byte) tag;
        switch (tag) {
            case Abi.EVENTTYPE_CLOCK -> {
                int id = mem.i32(p + 16);
                long timeout = mem.i64(p + 24);
                int flags = mem.u16(p + 40);
                check((flags & ~Abi.SUBCLOCK_ABSTIME) == 0, Errno.INVAL);
                boolean abs = (flags & Abi.SUBCLOCK_ABSTIME) != 0;
                long now = System.nanoTime();
                long rel;
                if (id == Abi.CLOCK_MONOTONIC) {
                    rel = abs ? timeout - cx.config.clock().monotonic() : timeout;
                } else if (id == Abi.CLOCK_REALTIME) {
                    rel = abs ? timeout - cx.config.clock().realtime() : timeout;
                } else {
                    throw WasiError.of(Errno.INVAL);
                }
                if (!abs && rel < 0) rel = Long.MAX_VALUE; // u64 timeouts past 2^63 ns: never
                s.deadline = rel <= 0 ? now : saturatingAdd(now, rel);
            }
            case Abi.EVENTTYPE_FD_READ, Abi.EVENTTYPE_FD_WRITE -> {
                Descriptor d = cx.fds.get(mem.i32(p + 16));
                boolean read = tag == Abi.EVENTTYPE_FD_READ;
                boolean ok = d instanceof FileDescriptor || d instanceof SocketDescriptor
                        || (read ? d instanceof StdinDescriptor || d instanceof ListenerDescriptor
                                 : d instanceof OutputDescriptor);
                check(ok, Errno.BADF);
                s.desc = d;
            }
            default -> throw WasiError.of(Errno.INVAL);
        }
        return s;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private int wait(List<Sub> subs, int out) throws IOException, InterruptedException {
        Selector selector = null;
        List<SelectableChannel> madeNonBlocking = new ArrayList<>();
        try {
            boolean stdin = false;
            for (Sub s : subs) {
                SelectableChannel ch = s.desc instanceof SocketDescriptor sd ? sd.channel
                        : s.desc instanceof ListenerDescriptor ld ? ld.channel : null;
                if (ch != null) {
                    if (selector == null) selector = Selector.open();
                    if (ch.isBlocking()) {
                        ch.configureBlocking(false);
                        madeNonBlocking.add(ch);
                    }
                    int ops = s.desc instanceof ListenerDescriptor ? SelectionKey.OP_ACCEPT
                            : s.type == Abi.EVENTTYPE_FD_READ ? SelectionKey.OP_READ : SelectionKey.OP_WRITE;
                    SelectionKey k = ch.keyFor(selector);
                    s.key = k == null ? ch.register(selector, ops) : k.interestOps(k.interestOps() | ops);
                }
                if (s.desc instanceof StdinDescriptor) stdin = true;
            }
            while (true) {
                if (selector != null) selector.selectNow();
                int n = 0;
                int at = out;
                for (Sub s : subs) {
                    if (!ready(s)) continue;
                    writeReadyEvent(at, s);
                    at += Abi.EVENT_SIZE;
                    n++;
                }
                if (n > 0) return n;
                long now = System.nanoTime();
                long wait = Long.MAX_VALUE;
                for (Sub s : subs) {
                    if (s.type == Abi.EVENTTYPE_CLOCK) wait = Math.min(wait, s.deadline - now);
                }
                if (selector != null) {
                    long ms = wait == Long.MAX_VALUE ? (stdin ? 10 : 0) : Math.max(1, (wait + 999_999) / 1_000_000);
                    if (stdin) ms = Math.min(ms, 10);
                    selector.select(ms);
                } else if (stdin) {
                    StdinDescriptor in = null;
                    for (Sub s : subs) if (s.desc instanceof StdinDescriptor sd) in = sd;
                    in.input().awaitReady(wait == Long.MAX_VALUE ? -1 : wait);
                } else {
                    sleep(wait);
                }
            }
        } finally {
            if (selector != null) {
                selector.close();
                for (SelectableChannel ch : madeNonBlocking) ch.configureBlocking(true);
            }
        }
    }

    private boolean ready(Sub s) {
        if (s.type == Abi.EVENTTYPE_CLOCK) return System.nanoTime() - s.deadline >= 0;
        Descriptor d = s.desc;
        if (d instanceof StdinDescriptor in) return in.input().ready();
        if (d instanceof SocketDescriptor sd && sd.peeked.length > 0 && s.type == Abi.EVENTTYPE_FD_READ) return true;
        if (s.key != null) return s.key.isValid() && (s.key.readyOps() & s.key.interestOps()) != 0;
        return true; // files, stdout, stderr
    }

    private void writeReadyEvent(int at, Sub s) throws IOException {
        if (s.type == Abi.EVENTTYPE_CLOCK) {
            writeEvent(at, s.userdata, Abi.EVENTTYPE_CLOCK, 0, 0);
        } else if (s.type == Abi.EVENTTYPE_FD_READ && s.desc instanceof FileDescriptor f) {
            long left = f.channel.size() - f.position;
            writeEvent(at, s.userdata, Abi.EVENTTYPE_FD_READ, 1, left <= 0 ? Abi.EVENTRW_HANGUP : 0);
        } else {
            writeEvent(at, s.userdata, s.type, 1, 0);
        }
    }

    /** Layout: userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite { nbytes u64 @16, flags u16 @24 }. */
    private void writeEvent(int at, long userdata, byte type, long nbytes, int flags) {
        mem.fill(at, Abi.EVENT_SIZE, (byte) 0);
        mem.setI64(at, userdata);
        mem.setU16(at + 8, Errno.SUCCESS);
        mem.setU8(at + 10, type);
        mem.setI64(at + 16, nbytes);
        mem.setU16(at + 24, flags);
    }

    private static void sleep(long nanos) throws InterruptedException {
        if (nanos < 0) nanos = Long.MAX_VALUE; // a u64 timeout beyond 2^63 ns
        long end = saturatingAdd(System.nanoTime(), nanos);
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
