#include "registry/catalog.h"

#include "quire/data_version.h"
#include "quire/transaction.h"

#include <QDir>

#include <algorithm>

namespace quire::detail {

namespace {

constexpr int CatalogVersion = 2;
constexpr qsizetype FlushAtPending = 256;
constexpr auto FlushAfter = std::chrono::milliseconds(250);
constexpr auto RecheckAfter = std::chrono::milliseconds(100);

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

CatalogEntry readEntry(const Statement &s)
{
    CatalogEntry e;
    e.uuid = QUuid::fromString(s.text(0));
    e.folder = s.text(1);
    e.name = s.text(2);
    e.lastSeen = QDateTime::fromMSecsSinceEpoch(s.int64(3), Qt::UTC);
    const int state = s.integer(4);
    e.state = state >= 0 && state <= int(TenantState::ReadOnly) ? static_cast<TenantState>(state)
                                                               : TenantState::Damaged;
    e.problem = s.text(5);
    return e;
}

} // namespace

Catalog::Catalog(QString workspaceFolder) : m_folder(std::move(workspaceFolder)) {}

Catalog::~Catalog()
{
    std::lock_guard lock(m_mutex);
    if (!m_pending.isEmpty())
        (void)flushLocked(); // a failure here costs a scan, nothing more
}

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
    o.label = m_folder;
    o.kind = QStringLiteral("workspace");
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

Result<void> Catalog::refresh(bool forWriting)
{
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    // A write needs the mirror loaded, not fresh; a read asks the file at
    // most every RecheckAfter whether another process wrote.
    const auto now = std::chrono::steady_clock::now();
    if (m_dataVersion >= 0 && (forWriting || now - m_checked < RecheckAfter))
        return {};
    m_checked = now;
    Result<qint64> version = dataVersion(**db);
    if (!version)
        return version.error();
    if (*version == m_dataVersion)
        return {};
    // First use, or another connection (another process) wrote: reload,
    // then lay this registry's unwritten changes over what was read.
    QHash<QUuid, CatalogEntry> rows;
    {
        Result<Statement> select = (*db)->cached("SELECT uuid, folder, name, last_seen, state, problem FROM albums");
        if (!select)
            return select.error();
        auto read = select->each([&rows](const Statement &s) {
            CatalogEntry entry = readEntry(s);
            rows.insert(entry.uuid, entry);
        });
        if (!read)
            return read;
    }
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value())
            rows.insert(it.key(), m_rows.value(it.key()));
        else
            rows.remove(it.key());
    }
    m_rows = std::move(rows);
    m_dataVersion = *version;
    return {};
}

Result<void> Catalog::changed(const QUuid &uuid)
{
    if (m_pending.isEmpty())
        m_oldestPending = std::chrono::steady_clock::now();
    m_pending.insert(uuid, m_rows.contains(uuid));
    if (m_pending.size() >= FlushAtPending || std::chrono::steady_clock::now() - m_oldestPending >= FlushAfter)
        return flushLocked();
    return {};
}

Result<void> Catalog::flushLocked()
{
    if (m_pending.isEmpty())
        return {};
    Result<Connection *> db = connection();
    if (!db)
        return db.error();
    Result<Transaction> transaction = Transaction::begin(**db, true);
    if (!transaction)
        return transaction.error();
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        const QString uuid = it.key().toString(QUuid::WithoutBraces);
        if (!it.value()) {
            Result<Statement> remove = (*db)->cached("DELETE FROM albums WHERE uuid = ?1");
            if (!remove)
                return remove.error();
            if (auto r = remove->bind(1, uuid).run(); !r)
                return r;
            continue;
        }
        const CatalogEntry &e = m_rows[it.key()];
        Result<Statement> upsert = (*db)->cached(
            "INSERT INTO albums (uuid, folder, name, last_seen, state, problem) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT (uuid) DO UPDATE SET folder = excluded.folder, name = excluded.name, "
            "last_seen = excluded.last_seen, state = excluded.state, problem = excluded.problem");
        if (!upsert)
            return upsert.error();
        upsert->bind(1, uuid)
            .bind(2, e.folder)
            .bind(3, e.name)
            .bind(4, e.lastSeen.toMSecsSinceEpoch())
            .bind(5, int(e.state))
            .bind(6, e.problem.isEmpty() ? QString() : e.problem);
        if (auto r = upsert->run(); !r)
            return r;
    }
    if (auto r = transaction->commit(); !r)
        return r;
    m_pending.clear();
    return {};
}

Result<void> Catalog::flush()
{
    std::lock_guard lock(m_mutex);
    return flushLocked();
}

Result<void> Catalog::record(const QUuid &uuid, const QString &folder, const QString &name, TenantState state,
                             const QString &problem)
{
    std::lock_guard lock(m_mutex);
    if (auto r = refresh(true); !r)
        return r;
    m_rows.insert(uuid, CatalogEntry{uuid, folder, name, QDateTime::currentDateTimeUtc(), state, problem});
    return changed(uuid);
}

Result<void> Catalog::setState(const QUuid &uuid, TenantState state, const QString &problem)
{
    std::lock_guard lock(m_mutex);
    if (auto r = refresh(true); !r)
        return r;
    const auto it = m_rows.find(uuid);
    if (it == m_rows.end())
        return {};
    it->state = state;
    it->problem = problem;
    return changed(uuid);
}

Result<void> Catalog::remove(const QUuid &uuid)
{
    std::lock_guard lock(m_mutex);
    if (auto r = refresh(true); !r)
        return r;
    if (!m_rows.remove(uuid))
        return {};
    return changed(uuid);
}

Result<std::optional<CatalogEntry>> Catalog::byUuid(const QUuid &uuid)
{
    std::lock_guard lock(m_mutex);
    if (auto r = refresh(false); !r)
        return r.error();
    const auto it = m_rows.constFind(uuid);
    if (it == m_rows.constEnd())
        return std::optional<CatalogEntry>();
    return std::optional<CatalogEntry>(*it);
}

Result<QList<CatalogEntry>> Catalog::all()
{
    std::lock_guard lock(m_mutex);
    if (auto r = refresh(false); !r)
        return r.error();
    QList<CatalogEntry> entries = m_rows.values();
    std::sort(entries.begin(), entries.end(), [](const CatalogEntry &a, const CatalogEntry &b) {
        const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
        return byName != 0 ? byName < 0 : a.folder < b.folder;
    });
    return entries;
}

Result<int> Catalog::count()
{
    std::lock_guard lock(m_mutex);
    if (auto r = refresh(false); !r)
        return r.error();
    return int(m_rows.size());
}

} // namespace quire::detail
