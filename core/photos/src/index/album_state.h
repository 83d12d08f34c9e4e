#pragma once
// How the index tells cheaply whether an album changed since it was read:
// the database file's identity, by stat() alone, and the generation counter
// the album's triggers keep (schema version 4).

#include "quire/error.h"

#include <QByteArray>
#include <QString>

namespace quire {
class Session;
}

namespace quire::detail {

// Device, inode, size and modification time (ns) of the album's database
// file and of its -wal ("-" when absent or empty). stat() only: opening and closing
// the file from here would drop the POSIX locks SQLite holds on it. A write
// in WAL mode changes the -wal; a checkpoint, a copy put in its place, a
// restored backup or a move to another disk change the file. Empty when the
// file cannot be stat'ed (a missing album).
QString fileIdentity(const QString &databasePath);

// What stat() says of one file: enough to tell that it was replaced,
// truncated or written by anyone, without opening it. All zero when absent.
struct FileStamp {
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = 0;
    qint64 modifiedNs = 0;
    bool operator==(const FileStamp &) const = default;
};
FileStamp fileStamp(const QString &path);
FileStamp fileStamp(const QByteArray &encodedPath);
// fileIdentity() of what was stat'ed already (inode 0: absent).
QString fileIdentity(const FileStamp &database, const FileStamp &wal);

// The album's meta 'generation', read in the session's current snapshot.
Result<qint64> readGeneration(Session &session);
// The album's meta 'name', read the same way (a rename by the sqlite3
// shell shows here, not in the Album handle).
Result<QString> readName(Session &session);

} // namespace quire::detail
