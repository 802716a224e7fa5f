package dev.ferry.disk.vhd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small least-recently-used cache for decoded metadata (sector bitmaps, BAT pages), safe for concurrent readers.
 * Two threads may decode the same entry at once; both get a correct value and one of them is kept.
 */
public final class BoundedCache<K, V> {

    private final Map<K, V> entries;

    public BoundedCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, or null. */
    public synchronized V get(K key) {
        return entries.get(key);
    }

    public synchronized void put(K key, V value) {
        entries.put(key, value);
    }
}
