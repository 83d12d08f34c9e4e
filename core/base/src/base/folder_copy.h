#pragma once
// The folder-copy engine shared by album copies and cross-file-system moves:
// copies an album folder's picture files (never its database, which only
// SQLite copies), fsyncs what it writes and removes it again on failure.

#include "base/fsync.h"
#include "quire/error.h"
#include "quire/export.h"

#include <QByteArray>
#include <QString>

#include <sys/types.h>

#include <functional>

namespace quire::detail {

struct CopyProgress { qint64 files = 0, filesTotal = 0, bytes = 0, bytesTotal = 0; };
// Called after each file; return false to cancel.
using CopyProgressFn = std::function<bool(const CopyProgress &)>;

// Copies the files of tenant folder `from` into `to` (made; must not exist
// or be empty): every file and folder except the tenant's control folder
// `controlFolder` at the top (".quire" for albums: its database, -wal,
// -shm, backups and markers are the engine's business), symbolic links
// copied as links (never followed), each file fsynced, each folder fsynced;
// checks free space up front (statvfs) and handles ENOSPC/EIO mid-way; on
// error or cancel removes what it made. The album database is NOT copied
// here (only SQLite copies it).
QUIRE_CORE_EXPORT Result<void> copyFolderFiles(const QString &from, const QString &to, const QString &controlFolder,
                                               const CopyProgressFn &progress);

// Free bytes for an unprivileged user on the file system holding path
// (or its nearest existing parent); -1 when unknown.
QUIRE_CORE_EXPORT qint64 freeBytesAt(const QString &path);

// Copies one regular file's bytes to a new file dst (O_EXCL, so never over
// another): in the kernel where it can (copy_file_range), through a buffer
// across file systems. Starts the write-back but does not fsync. Returns 0
// or an errno; `copied` counts the bytes written.
int copyFileContents(const QByteArray &src, const QByteArray &dst, mode_t mode, qint64 &copied);

// The error for a file copy that failed with errno err: "what: strerror",
// with advice for a full disk or an I/O error; ErrorCode::Io.
Error fileCopyError(const QString &album, const QString &what, int err);

} // namespace quire::detail
