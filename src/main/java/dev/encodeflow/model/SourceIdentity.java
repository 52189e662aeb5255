package dev.encodeflow.model;

/**
 * Which file a source was when it was probed: size, modification and status-change times (ns),
 * inode, and a SHA-256 of its content (computed once, at the probe). Every task that reads the
 * source checks it first and after, so a source replaced or rewritten in the middle of its
 * encode fails the asset instead of splicing two files into one rendition.
 */
public record SourceIdentity(long size, long modifiedNanos, long changedNanos, long inode, String sha256) {
}
