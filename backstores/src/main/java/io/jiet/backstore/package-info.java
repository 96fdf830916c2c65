/**
 * Block stores behind jiet's logical units: {@link io.jiet.backstore.FileIoStore} for IET's {@code fileio} LUNs
 * (files and block devices through the page cache), {@link io.jiet.backstore.BlockIoStore} for {@code blockio}
 * (O_DIRECT, bypassing the page cache) and {@link io.jiet.backstore.NullIoStore} for {@code nullio}.
 * Stores are byte-addressed and know nothing of SCSI; the caching semantics they offer (volatile write cache,
 * durable writes, flush) are what SBC-3 §4.15 asks of a direct-access device with a write cache: WRITE with FUA
 * maps to a durable write, SYNCHRONIZE CACHE to {@link io.jiet.backstore.BlockStore#flush()}.
 */
package io.jiet.backstore;
