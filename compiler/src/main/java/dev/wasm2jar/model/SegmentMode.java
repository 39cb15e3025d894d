package dev.wasm2jar.model;

/** Modes of element and data segments (spec sections 2.5.7, 2.5.8). */
public enum SegmentMode { PASSIVE, ACTIVE, DECLARATIVE }
