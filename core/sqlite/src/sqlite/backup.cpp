#include "sqlite/backup.h"

#include "quire/connection.h"
#include "sqlite/sqlite_error.h"
#include "base/fsync.h"

#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

namespace quire::detail {

Result<void> backupTo(Connection &source, const QString &destinationPath)
{
    sqlite3 *destination = nullptr;
    int rc = sqlite3_open_v2(QFile::encodeName(destinationPath).constData(), &destination,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_backup *backup = sqlite3_backup_init(destination, "main", source.handle(), "main");
        if (!backup) {
            rc = sqlite3_errcode(destination);
        } else {
            // -1: the whole database in one step, so the snapshot is consistent.
            rc = sqlite3_backup_step(backup, -1);
            const int finished = sqlite3_backup_finish(backup);
            if (rc == SQLITE_DONE)
                rc = finished;
        }
    }
    Result<void> result;
    if (rc != SQLITE_OK) {
        result = sqliteError(rc, source.label(),
                             QStringLiteral("Backing up the database to %1").arg(destinationPath),
                             QString::fromUtf8(destination ? sqlite3_errmsg(destination) : sqlite3_errstr(rc)))
                     .withKind(source.kind());
    }
    sqlite3_close_v2(destination);
    if (!result.ok())
        QFile::remove(destinationPath);
    else
        fsyncFolder(QFileInfo(destinationPath).absolutePath());
    return result;
}

} // namespace quire::detail
