/**
 * Validation of decoded modules (spec chapter 3 and the appendix "Validation Algorithm").
 *
 * <ul>
 *   <li>{@link dev.wasm2jar.validate.ModuleValidator#validate} is the entry point: module-level
 *       rules, then every constant expression and function body. It documents the implementation
 *       limits (locals, nesting depth, br_table size).</li>
 *   <li>{@code FunctionValidator} type-checks one body or constant expression with an operand stack
 *       and control frames.</li>
 *   <li>{@link dev.wasm2jar.validate.OpcodeSignatures} is the table of the fixed types of numeric
 *       instructions and plain loads/stores, shared with the code generator.</li>
 *   <li>{@link dev.wasm2jar.validate.Features} names the proposal of every construct this compiler
 *       does not implement yet ("gc", "exceptions", ...).</li>
 * </ul>
 */
package dev.wasm2jar.validate;
