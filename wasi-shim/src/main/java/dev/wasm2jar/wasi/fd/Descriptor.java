package dev.wasm2jar.wasi.fd;

import java.io.IOException;

/**
 * An entry of the guest's descriptor table. Rights start as wasmtime reports them
 * (fd_fdstat_get); fd_fdstat_set_rights may only drop rights, and dropped rights are enforced.
 */
public abstract class Descriptor {
    public long rightsBase;
    public long rightsInheriting;
    /** Set once fd_fdstat_set_rights dropped a right: descriptors opened through this one inherit the restriction. */
    public boolean restricted;

    protected Descriptor(long rightsBase, long rightsInheriting) {
        this.rightsBase = rightsBase;
        this.rightsInheriting = rightsInheriting;
    }

    /** witx filetype reported by fd_fdstat_get. */
    public abstract byte filetype();

    /** witx fdflags reported by fd_fdstat_get. */
    public int fdflags() {
        return 0;
    }

    /** Releases host resources; called once when the descriptor leaves the table. */
    public void close() throws IOException {}
}
