package com.example.host;

import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/** Keeps the state in a key-value table (here a map standing in for the host's database). */
public final class KeyValueStateStore implements DefsStateStore {

    private final ConcurrentMap<String, byte[]> table;
    private final String key;

    /**
     * @param table the table, shared by every component of the host
     * @param key the row, e.g. the component's state key
     */
    public KeyValueStateStore(ConcurrentMap<String, byte[]> table, String key) {
        this.table = table;
        this.key = key;
    }

    @Override
    public Optional<StoredState> read() {
        return Optional.ofNullable(table.get(key)).map(bytes -> new StoredState(bytes, location()));
    }

    @Override
    public WrittenState write(byte[] content) {
        table.put(key, content.clone());
        return new WrittenState(location(), Optional.empty(), Optional.empty());
    }

    @Override
    public String location() {
        return "kv:" + key;
    }
}
