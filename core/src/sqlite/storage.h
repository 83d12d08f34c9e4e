#pragma once
// What the file system under an album is: network or local, read-only or
// not. SQLite's WAL needs shared memory on one host, so network file
// systems get the rollback journal.

#include <QString>

namespace quire::detail {

struct StorageFacts {
    bool network = false;       // NFS, SMB/CIFS and the like
    bool readOnlyMedia = false; // mounted read-only
    QString fileSystem;         // "nfs", "cifs", ... for messages; empty when local
};

StorageFacts storageOf(const QString &path);

// Flushes a directory's entries (after a rename or create inside it).
bool syncDirectory(const QString &path);

} // namespace quire::detail
