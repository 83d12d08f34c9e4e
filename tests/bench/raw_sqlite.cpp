#include "raw_sqlite.h"

#include <quire/album.h>
#include <quire/format.h>
#include <quire/album.h>

#include <QFile>

#include <sqlite3.h>

namespace quire::bench::raw {

sqlite3 *open(const QString &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK)
        qFatal("raw sqlite: cannot open %s", qPrintable(path));
    sqlite3_busy_timeout(db, 5000);
    exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    return db;
}

sqlite3 *openToRead(const QString &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK)
        qFatal("raw sqlite: cannot open %s", qPrintable(path));
    sqlite3_busy_timeout(db, 5000);
    return db;
}

void exec(sqlite3 *db, const QByteArray &sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) != SQLITE_OK)
        qFatal("raw sqlite: %s: %s", sql.constData(), message);
}

sqlite3_stmt *prepare(sqlite3 *db, const QByteArray &sql)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &stmt, nullptr) != SQLITE_OK)
        qFatal("raw sqlite: %s: %s", sql.constData(), sqlite3_errmsg(db));
    return stmt;
}

void createAlbumSchema(sqlite3 *db)
{
    exec(db, "BEGIN");
    for (const MigrationStep &step : albumFormat().steps()) {
        for (const QByteArray &statement : TenantFormat::statements(step.sql))
            exec(db, statement);
    }
    exec(db, "COMMIT");
}

} // namespace quire::bench::raw
