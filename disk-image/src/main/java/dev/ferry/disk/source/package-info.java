/**
 * Where image bytes come from. {@link dev.ferry.disk.source.ByteSources#open(String, SourceOptions)} is the entry
 * point: a local path or {@code file:} URI gives a {@link dev.ferry.disk.source.FileByteSource}, an
 * {@code http(s)://} URL an {@link dev.ferry.disk.source.HttpByteSource} (range requests, retries, optional
 * certificate pinning), an {@code nbd://} or {@code nbd+unix://} URI an {@link dev.ferry.disk.source.NbdByteSource}
 * (one multiplexed connection, block status for holes). Every source is safe for concurrent positional reads, treats
 * the remote end as hostile, and never puts credentials into descriptions or messages.
 */
package dev.ferry.disk.source;
