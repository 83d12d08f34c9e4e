#pragma once
// Settings of the whole process that a program with many tenants wants,
// and that a library must not change behind its program's back: the
// program asks for them, first thing in main().

#include "quire/export.h"

#include <QtGlobal>

namespace quire {

// What tuneProcess() put in force, for a program's log.
struct ProcessTuning {
    qint64 fileDescriptorLimit = -1;     // the soft RLIMIT_NOFILE now (Registry::raiseFileDescriptorLimit)
    bool sqliteMemoryCountingOff = false; // SQLite no longer counts its memory (sqlite3_memory_used is 0)
    qint64 heapTrimThreshold = -1;        // bytes the heap may keep free at its top; -1 unchanged
};

// For quire, quirectl, quire-bench and any program that fans out over many
// tenants; call it before anything in the process uses SQLite. It
//  - raises the soft descriptor limit to the hard one, so more tenants
//    stay open under the connection cap;
//  - turns off SQLite's process-wide memory counting
//    (SQLITE_CONFIG_MEMSTATUS): every allocation SQLite makes takes one
//    global mutex to count it, and two threads opening tenants (each open
//    parses the schema, thousands of small allocations) spend a third of
//    their time waiting on it; W3-warm under a cap of 64 went from 0.67 s
//    to 0.45 s. sqlite3_memory_used() then reads 0, and RegistryStats
//    reports the process heap instead;
//  - on glibc, lets each thread's heap keep 1 MiB free at its top
//    (M_TRIM_THRESHOLD) instead of 128 KiB: the temporary b-tree of every
//    ORDER BY ... LIMIT query is freed when the query ends, the heap was
//    handed back to the kernel (madvise) and faulted in again by the next
//    album's query; W3-warm over 1,000 open albums went from 0.13 s to
//    0.03 s. Registry::releaseIdleMemory still trims everything.
// Where SQLite is already in use (sqlite3_config refuses then), its
// counting stays on and nothing else differs.
QUIRE_CORE_EXPORT ProcessTuning tuneProcess();

} // namespace quire
