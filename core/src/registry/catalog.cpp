#include "registry/catalog.h"

#include <QDir>

namespace quire::detail {

namespace {

constexpr int CatalogVersion = 2;

// Dropped and made again when its version differs: it is a cache.
constexpr const char *CatalogSchema =
    "DROP TABLE IF EXISTS albums;"
    "CREATE TABLE albums ("
    " uuid TEXT PRIMARY KEY NOT NULL,"
    " folder TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " last_seen INTEGER NOT NULL,"
    " state INTEGER NOT NULL DEFAULT 0,"
    " problem TEXT);"
    "CREATE INDEX albums_folder ON albums (folder);"
    "PRAGMA user_version = 2;";

constexpr const char *Columns = "uuid, folder, name, last_seen, state, problem";

CatalogEntry readEntry(const Statement &s)
{
    CatalogEntry e;
    e.uuid = QUuid::fromString(s.text(0));
    e.folder = s.text(1);
    e.name = s.text(2);
    e.lastSeen = QDateTime::fromMSecsSinceEpoch(s.int64(3), Qt::UTC);
    const int state = s.integer(4);
    e.state = state >= 0 && state <= int(AlbumState::ReadOnly) ? static_cast<AlbumState>(state)
                                                               : AlbumState::Damaged;
    e.problem = s.text(5);
    return e;
}

} // namespace

Catalog::Catalog(QString workspaceFolder) : m_folder(std::move(workspaceFolder)) {}

Result<Connection *> Catalog::connection()
{
    if (m_connection)
        return m_connection.get();
    if (!QDir().mkpath(m_folder)) {
        return Error(ErrorCode::Io, {},
                     QStringLiteral("The workspace folder %1 cannot be made; check its permissions "
                                    "or pass --workspace.").arg(m_folder));
    }
    ConnectionOptions o;
    o.create = true;
    o.untrusted = false; // Quire's own file
    o.label = QStringLiteral("workspace %1").arg(m_folder);
    Result<std::unique_ptr<Connection>> opened = Connection::open(QDir(m_folder).filePath(QStringLiteral("catalog.db")), o);
    if (!opened)
        return opened.error();
    Connection &db = **opened;
    // A cache that a scan rebuilds: losing its last writes to a power cut
    // costs nothing, so it does without fsync.
    if (auto r = db.exec("PRAGMA synchronous = OFF"); !r)
        return r.error();
    int storedVersion = 0;
    {
        // Finalized before the schema is replaced: a statement still running
        // keeps the table locked, and DROP TABLE fails with SQLITE_LOCKED.
        Result<Statement> version = db.prepare("PRAGMA user_version");
        if (!version)
            return version.error();
        if (Result<bool> row = version->step(); !row)
            return row.error();
        storedVersion = version->integer(0);
    }
    if (storedVersion != CatalogVersion) {
        if (auto r = db.exec(QByteArray("BEGIN IMMEDIATE;") + CatalogSchema + "COMMIT;"); !r)
            return r.error();
    }
    m_connection = std::move(*opened);
    return m_connection.get();
}

Result<void> Catalog::record(const QUuid &uuid, const QString &folder, const QString &name, AlbumState state,
                             const QString &problem)
{
    std::lock_guard lock(m_mutex);
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Statement> upsert = (*db)->cached(
        "INSERT INTO albums (uuid, folder, name, last_seen, state, problem) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (uuid) DO UPDATE SET folder = excluded.folder, name = excluded.name, "
        "last_seen = excluded.last_seen, state = excluded.state, problem = excluded.problem");
    if (!upsert)
        return upsert.error();
    upsert->bind(1, uuid.toString(QUuid::WithoutBraces))
        .bind(2, folder)
        .bind(3, name)
        .bind(4, QDateTime::currentMSecsSinceEpoch())
        .bind(5, int(state))
        .bind(6, problem.isEmpty() ? QString() : problem);
    return upsert->run();
}

Result<void> Catalog::setState(const QUuid &uuid, AlbumState state, const QString &problem)
{
    std::lock_guard lock(m_mutex);
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Statement> update = (*db)->cached("UPDATE albums SET state = ?2, problem = ?3 WHERE uuid = ?1");
    if (!update)
        return update.error();
    update->bind(1, uuid.toString(QUuid::WithoutBraces))
        .bind(2, int(state))
        .bind(3, problem.isEmpty() ? QString() : problem);
    return update->run();
}

Result<void> Catalog::remove(const QUuid &uuid)
{
    std::lock_guard lock(m_mutex);
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Statement> remove = (*db)->cached("DELETE FROM albums WHERE uuid = ?1");
    if (!remove)
        return remove.error();
    return remove->bind(1, uuid.toString(QUuid::WithoutBraces)).run();
}

Result<QList<CatalogEntry>> Catalog::select(const QByteArray &sql, const QUuid &uuid)
{
    std::lock_guard lock(m_mutex);
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Statement> select = (*db)->cached(sql);
    if (!select)
        return select.error();
    if (!uuid.isNull())
        select->bind(1, uuid.toString(QUuid::WithoutBraces));
    QList<CatalogEntry> entries;
    for (;;) {
        Result<bool> row = select->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        entries.append(readEntry(*select));
    }
    return entries;
}

Result<std::optional<CatalogEntry>> Catalog::byUuid(const QUuid &uuid)
{
    Result<QList<CatalogEntry>> entries =
        select(QByteArray("SELECT ") + Columns + " FROM albums WHERE uuid = ?1", uuid);
    if (!entries)
        return entries.error();
    if (entries->isEmpty())
        return std::optional<CatalogEntry>();
    return std::optional<CatalogEntry>(entries->first());
}

Result<QList<CatalogEntry>> Catalog::all()
{
    return select(QByteArray("SELECT ") + Columns + " FROM albums ORDER BY name COLLATE NOCASE, folder", {});
}

Result<int> Catalog::count()
{
    std::lock_guard lock(m_mutex);
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Statement> count = (*db)->cached("SELECT count(*) FROM albums");
    if (!count)
        return count.error();
    if (Result<bool> row = count->step(); !row)
        return row.error();
    return count->integer(0);
}

} // namespace quire::detail
