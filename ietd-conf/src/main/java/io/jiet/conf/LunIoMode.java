package io.jiet.conf;

/** IOMode of a Lun line: write-back caching, write-through (IET's default), or read-only. */
public enum LunIoMode {
    WB, WT, RO
}
