#include "sqlite/sqlite_error.h"

#include <sqlite3.h>

namespace quire::detail {

Error sqliteError(int resultCode, const QString &album, const QString &doing,
                  const QString &detail)
{
    ErrorCode code = ErrorCode::Sqlite;
    QString advice;
    switch (resultCode & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = ErrorCode::Busy;
        advice = QStringLiteral("another program or connection kept the database locked; "
                                "try again when it has finished");
        break;
    case SQLITE_READONLY:
        code = ErrorCode::ReadOnly;
        advice = QStringLiteral("the database is read-only; check the folder's permissions "
                                "or the media it is on");
        break;
    case SQLITE_CORRUPT:
        code = ErrorCode::Damaged;
        advice = QStringLiteral("the database is damaged; run 'quirectl check' on it");
        break;
    case SQLITE_NOTADB:
        code = ErrorCode::NotSqlite;
        advice = QStringLiteral("the file is not an SQLite database");
        break;
    case SQLITE_FULL:
        code = ErrorCode::Io;
        advice = QStringLiteral("the disk is full; free some space and try again");
        break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        code = ErrorCode::Io;
        advice = QStringLiteral("the file system refused; check that the folder is reachable "
                                "and writable");
        break;
    case SQLITE_CONSTRAINT:
        code = ErrorCode::Constraint;
        break;
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
        code = ErrorCode::InvalidArgument;
        break;
    default:
        break;
    }
    QString message = doing.isEmpty() ? detail : QStringLiteral("%1 failed: %2").arg(doing, detail);
    if (!advice.isEmpty())
        message += QStringLiteral(" (%1)").arg(advice);
    return Error(code, album, message, resultCode);
}

} // namespace quire::detail
