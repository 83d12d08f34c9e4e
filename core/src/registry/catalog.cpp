#include "registry/catalog.h"

#include <QDir>

namespace quire::detail {

namespace {

constexpr const char *CatalogSchema =
    "CREATE TABLE IF NOT EXISTS albums ("
    " uuid TEXT PRIMARY KEY NOT NULL,"
    " folder TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " last_seen INTEGER NOT NULL,"
    " state INTEGER NOT NULL DEFAULT 0)";

CatalogEntry readEntry(const Statement &s)
{
    CatalogEntry e;
    e.uuid = QUuid::fromString(s.text(0));
    e.folder = s.text(1);
    e.name = s.text(2);
    e.lastSeen = QDateTime::fromMSecsSinceEpoch(s.int64(3), Qt::UTC);
    e.state = static_cast<AlbumState>(s.integer(4));
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
    if (auto r = (*opened)->exec(CatalogSchema); !r)
        return r.error();
    m_connection = std::move(*opened);
    return m_connection.get();
}

Result<void> Catalog::record(const Album &album, AlbumState state)
{
    std::lock_guard lock(m_mutex);
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Statement> upsert = (*db)->cached(
        "INSERT INTO albums (uuid, folder, name, last_seen, state) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (uuid) DO UPDATE SET folder = excluded.folder, name = excluded.name, "
        "last_seen = excluded.last_seen, state = excluded.state");
    if (!upsert)
        return upsert.error();
    upsert->bind(1, album.uuid().toString(QUuid::WithoutBraces))
        .bind(2, album.folder())
        .bind(3, album.name())
        .bind(4, QDateTime::currentMSecsSinceEpoch())
        .bind(5, int(state));
    return upsert->run();
}

Result<std::optional<CatalogEntry>> Catalog::byUuid(const QUuid &uuid)
{
    std::lock_guard lock(m_mutex);
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Statement> select = (*db)->cached(
        "SELECT uuid, folder, name, last_seen, state FROM albums WHERE uuid = ?1");
    if (!select)
        return select.error();
    select->bind(1, uuid.toString(QUuid::WithoutBraces));
    Result<bool> row = select->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<CatalogEntry>();
    return std::optional<CatalogEntry>(readEntry(*select));
}

Result<QList<CatalogEntry>> Catalog::all()
{
    std::lock_guard lock(m_mutex);
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Statement> select = (*db)->cached(
        "SELECT uuid, folder, name, last_seen, state FROM albums ORDER BY name COLLATE NOCASE, folder");
    if (!select)
        return select.error();
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

} // namespace quire::detail
