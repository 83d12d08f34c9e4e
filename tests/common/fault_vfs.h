#pragma once
// A test VFS that makes SQLite's file operations fail on purpose.
//
// FaultVfs wraps the default VFS (unix) and, while it lives, is registered
// as the default (sqlite3_vfs_register with makeDflt = 1), so every
// connection Quire opens with sqlite3_open_v2(..., zVfs = nullptr) goes
// through it without any hook in the core. It counts the xRead, xWrite,
// xSync and xLock calls on every file (database, -wal, -journal; counted
// across files, per kind) and fails the N-th call of a kind with the
// result code asked for (SQLITE_IOERR_*, SQLITE_FULL): once, as a flaky
// disk would, or from then on (persistent), as a full disk would.
//
// One FaultVfs at a time per process; its counters are atomics, so
// connections on other threads may use it.

#include <QString>

namespace quire::test {

class FaultVfs
{
public:
    enum Kind { Read, Write, Sync, Lock, KindCount };

    FaultVfs();  // registers itself as the default VFS
    ~FaultVfs(); // gives the default back to the VFS it wrapped
    FaultVfs(const FaultVfs &) = delete;
    FaultVfs &operator=(const FaultVfs &) = delete;

    // From now on, the n-th call of `kind` (n >= 1, counted from this call)
    // fails with resultCode; with persistent, every later call of that
    // kind fails too. Resets the counters.
    void failAt(Kind kind, int n, int resultCode, bool persistent = false);
    // No more failures; counting goes on.
    void disarm();
    // Calls of `kind` since the last failAt() or resetCounts().
    int count(Kind kind) const;
    void resetCounts();
    // How many calls were made to fail since the last failAt().
    int injected() const;

    // Counts the main database files opened from now on whose path starts
    // with folder + '/' (connections, one file each; -wal and -journal files
    // not counted), for tests of a connection cap. Resets the peak.
    void watchDatabasesUnder(const QString &folder);
    int databasesOpen() const;
    int databasesPeak() const; // the most open at once since watching began

    static QString kindName(Kind kind);
    // "SQLITE_FULL", "SQLITE_IOERR_WRITE", ...
    static QString resultName(int resultCode);
};

} // namespace quire::test
