package dev.rocky.component.config;

/** Dagster's {@code DefsStateManagementType} values this build supports. */
public enum ManagementType {
    /** One state file under {@code .local_defs_state/<key>/state}. */
    LOCAL_FILESYSTEM,
    /** Immutable versions plus a "latest" pointer moved by compare-and-set. */
    VERSIONED_STATE_STORAGE
}
