package dev.wasm2jar.text;

/** A node of the S-expression tree of a text module or script: a {@link Token} or an {@link SList}. */
public sealed interface SExpr permits Token, SList {
    int line();

    int column();
}
