package io.jiet.conf;

/** IOMode of a Lun line. */
public enum LunIoMode {
    WB, WT, RO
}
