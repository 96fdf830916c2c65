package io.jiet.backstore;

import java.io.IOException;

/** A write reached a store opened read-only ({@code IOMode=ro}). */
public final class ReadOnlyStoreException extends IOException {

    public ReadOnlyStoreException(String store) {
        super("store is read-only: " + store);
    }
}
