#pragma once
// What the file system under an album is: network or local, read-only or
// not. SQLite's WAL needs shared memory on one host, so network file
// systems (NFS, SMB/CIFS, FUSE, and any file system not known to be local)
// get the rollback journal and exclusive locking: one process at a time
// (docs/NETWORK.md). QUIRE_ASSUME_FILESYSTEM=nfs|fuse|local|... overrides
// the detection, for tests and for shares detected wrongly.

#include <QString>

namespace quire::detail {

struct StorageFacts {
    bool network = false;       // NFS, SMB/CIFS, FUSE, or not known to be local
    bool readOnlyMedia = false; // mounted read-only
    QString fileSystem;         // "nfs", "cifs", "fuse", "unknown (0x...)"; empty when local
};

StorageFacts storageOf(const QString &path);

} // namespace quire::detail
