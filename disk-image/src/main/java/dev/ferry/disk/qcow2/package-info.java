/**
 * qcow2 images (qemu's docs/interop/qcow2.txt): {@link dev.ferry.disk.qcow2.Qcow2Probe} recognises and opens them as
 * {@link dev.ferry.disk.qcow2.Qcow2Image}, {@link dev.ferry.disk.qcow2.Qcow2WriterFactory} writes new ones.
 *
 * <p>
 * What the reader accepts: versions 2 and 3, clusters of 512 bytes to 2 MiB, standard, zlib-compressed and zero
 * clusters, extended L2 entries (subclusters), backing images of any format Ferry reads (opened next to the image, the
 * declared backing format checked against the content), bitmaps (ignored), internal snapshots (only the active state
 * is read; they are counted in {@code info()}), and the dirty bit (with a warning, as qemu reads such images
 * read-only). What it refuses, naming the reason: encryption, external data files, zstd or unknown compression, the
 * corrupt bit, unknown incompatible feature bits, and any table or cluster offset that is unaligned or past the end of
 * the file.
 *
 * <p>
 * What the writer produces: version 3 (compat 1.1), 16-bit refcounts, header and L1 table first, data and L2 tables in
 * commit order, refcounts last; optionally zlib-compressed clusters limited to qemu's 4 KiB deflate window.
 */
package dev.ferry.disk.qcow2;
