#include "quire/connection.h"

#include "sqlite/sqlite_error.h"

#include <QFile>
#include <QUrl>

#include <sqlite3.h>

namespace quire {

namespace {

constexpr qsizetype MaxCachedStatements = 64;

// Limits for databases that came from elsewhere (sqlite.org security.html):
// enough for any album Quire writes, small enough that a hostile file cannot
// make a query eat the machine.
void lowerLimits(sqlite3 *db)
{
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);  // largest string or blob
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024);
    sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 200);
    sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 200);
    sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 20);
    sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 250000);
    sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 16);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 2);
    sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000);
    sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 10);
}

} // namespace

CommitFollowUp::~CommitFollowUp() = default;

CommitFollowUp *Connection::commitFollowUp(const QByteArray &key) const
{
    for (const auto &[name, followUp] : m_followUps) {
        if (name == key)
            return followUp.get();
    }
    return nullptr;
}

void Connection::queueCommitFollowUp(const QByteArray &key, std::unique_ptr<CommitFollowUp> followUp)
{
    if (!inTransaction())
        return;
    for (auto &[name, queued] : m_followUps) {
        if (name == key) {
            queued = std::move(followUp);
            return;
        }
    }
    m_followUps.emplace_back(key, std::move(followUp));
}

void Connection::dropCommitFollowUp(const QByteArray &key)
{
    std::erase_if(m_followUps, [&](const auto &entry) { return entry.first == key; });
}

Connection::Connection(sqlite3 *db, QString path, ConnectionOptions options)
    : m_db(db), m_path(std::move(path)), m_options(std::move(options))
{
}

Connection::~Connection()
{
    Q_ASSERT_X(m_leased.isEmpty(), "Connection", "a Statement outlived its connection");
    for (sqlite3_stmt *stmt : std::as_const(m_cache))
        sqlite3_finalize(stmt);
    // Every statement is finalized, so sqlite3_close cannot fail with BUSY;
    // close_v2 still guards against a statement we do not know of.
    sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<Connection>> Connection::open(const QString &path,
                                                     const ConnectionOptions &options)
{
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (options.readOnly || options.immutable)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);

    QByteArray name = QFile::encodeName(path);
    if (options.immutable) {
        // On read-only media nothing can change the file and no -shm can be
        // made, so SQLite may read it without locks.
        flags |= SQLITE_OPEN_URI;
        name = QUrl::fromLocalFile(path).toEncoded() + "?immutable=1";
    }

    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(name.constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString detail = db ? QString::fromUtf8(sqlite3_errmsg(db))
                                  : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        return detail::sqliteError(rc, options.label, QStringLiteral("Opening %1").arg(path), detail)
            .withKind(options.kind);
    }
    std::unique_ptr<Connection> connection(new Connection(db, path, options));
    if (auto configured = connection->configure(); !configured)
        return configured.error();
    return connection;
}

Result<void> Connection::configure()
{
    sqlite3_busy_timeout(m_db, m_options.busyTimeoutMs);
    if (m_options.untrusted) {
        sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
        sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
        sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
        lowerLimits(m_db);
    }
    if (m_options.journal == JournalMode::Rollback && !m_options.immutable) {
        // Network file systems: no WAL (its index is shared memory, one host
        // only) and exclusive locking, set before the file is first read.
        // The connection keeps its lock until it closes, so one process at a
        // time uses the album (docs/NETWORK.md), and a WAL-mode file is read
        // without the -shm: SQLite keeps the WAL index in heap memory then.
        if (auto r = exec("PRAGMA locking_mode = EXCLUSIVE"); !r)
            return r;
    }
    if (auto r = exec("PRAGMA foreign_keys = ON"); !r)
        return r;
    if (m_options.queryOnly) {
        if (auto r = setQueryOnly(true); !r)
            return r;
    }
    if (isReadOnly() || !m_options.setJournalMode)
        return {};
    return applyJournalMode();
}

Result<void> Connection::applyJournalMode(const QString &current)
{
    // The journal mode is stored in the file (WAL) or chosen per connection
    // (rollback); setting it reads the header, so a file that is not SQLite
    // fails here with SQLITE_NOTADB.
    const bool wal = m_options.journal == JournalMode::Wal;
    if (!wal || current != QLatin1String("wal")) {
        if (auto r = exec(wal ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE"); !r)
            return r;
    }
    if (auto r = exec(wal ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL"); !r)
        return r;
    m_journalApplied = true;
    return {};
}

Result<void> Connection::exec(const QByteArray &sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return {};
    const QString detail = message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errstr(rc));
    sqlite3_free(message);
    return detail::sqliteError(rc, m_options.label, {}, detail).withKind(m_options.kind);
}

Result<Statement> Connection::cached(const QByteArray &sql)
{
    sqlite3_stmt *stmt = m_cache.value(sql);
    if (stmt && m_leased.contains(stmt)) // the same SQL is already running (nested use)
        return prepare(sql);
    if (!stmt && m_cache.size() >= MaxCachedStatements) // generated SQL of many shapes
        return prepare(sql);
    if (!stmt) {
        const int rc = sqlite3_prepare_v3(m_db, sql.constData(), int(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK)
            return error(rc, QStringLiteral("Preparing a query"));
        m_cache.insert(sql, stmt);
    }
    m_leased.insert(stmt);
    return Statement(stmt, this, true);
}

Result<Statement> Connection::prepare(const QByteArray &sql)
{
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.constData(), int(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK)
        return error(rc, QStringLiteral("Preparing a query"));
    if (!stmt) // only white space or a comment
        return Error(ErrorCode::InvalidArgument, m_options.label, QStringLiteral("The query is empty."))
            .withKind(m_options.kind);
    return Statement(stmt, this, false);
}

void Connection::giveBack(sqlite3_stmt *stmt)
{
    m_leased.remove(stmt);
}

bool Connection::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

qint64 Connection::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

qint64 Connection::changes() const
{
    return sqlite3_changes64(m_db);
}

Result<void> Connection::setQueryOnly(bool on)
{
    if (on == m_queryOnly)
        return {};
    if (auto r = exec(on ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF"); !r)
        return r;
    m_queryOnly = on;
    // Opened for a reader, it skipped the journal settings (a reader writes
    // nothing); as the writer it needs them, or its commits would run at
    // SQLite's default synchronous level instead of the album's.
    if (!on && !m_journalApplied && m_options.setJournalMode && !isReadOnly())
        return applyJournalMode();
    return {};
}

void Connection::releaseMemory()
{
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (m_leased.contains(it.value())) {
            ++it;
            continue;
        }
        sqlite3_finalize(it.value());
        it = m_cache.erase(it);
    }
    // Erasing keeps a hash's buckets; an idle connection should not.
    if (m_cache.isEmpty())
        m_cache = {};
    if (m_leased.isEmpty())
        m_leased = {};
    sqlite3_db_release_memory(m_db);
}

qint64 Connection::cacheBytes() const
{
    int current = 0, highwater = 0;
    if (sqlite3_db_status(m_db, SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0) != SQLITE_OK)
        return 0;
    return current;
}

Error Connection::error(int resultCode, const QString &doing) const
{
    return detail::sqliteError(resultCode, m_options.label, doing, QString::fromUtf8(sqlite3_errmsg(m_db)))
        .withKind(m_options.kind);
}

} // namespace quire
