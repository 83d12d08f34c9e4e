#pragma once
// Connection: RAII over one sqlite3 handle, with Quire's pragmas applied and
// a per-connection cache of prepared statements.
//
// Thread safety: a Connection is used by one thread at a time (it is opened
// with SQLITE_OPEN_NOMUTEX); it may be handed to another thread between uses,
// which is what the album's connection pool does.

#include "quire/error.h"
#include "quire/statement.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

#include <memory>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace quire {

enum class JournalMode {
    Wal,      // local file systems: readers run beside the one writer
    Rollback, // network file systems (NFS, SMB/CIFS), where WAL's shared memory is unsafe
};

struct ConnectionOptions {
    bool readOnly = false;     // SQLITE_OPEN_READONLY
    bool create = false;       // create the file when missing
    bool queryOnly = false;    // PRAGMA query_only: a reader in a pool
    bool immutable = false;    // read-only media: no locks, no -shm (URI immutable=1)
    JournalMode journal = JournalMode::Wal;
    // Set the journal mode while opening. Off when the file must be checked
    // first: Quire never converts a database that is not one of its albums.
    bool setJournalMode = true;
    int busyTimeoutMs = 5000;
    // Lowered sqlite3_limit values and defensive mode: album files come from
    // anywhere (a folder someone sent). Off only for Quire's own workspace.
    bool untrusted = true;
    // Names the tenant in errors: its folder, and its kind ("album").
    QString label;
    QString kind;
};

// Work that must follow a change once it is committed, outside the
// database: files beside it that mirror rows (the photo album's XMP
// sidecars). A higher layer queues one under a key of its own while a
// transaction is open and adds to it as more rows change; the outermost
// COMMIT runs them, on the committing thread, after the data is durable
// in the database; a rollback of the outermost transaction drops them.
// What run() returns becomes commit()'s result, marked changeKept(): the
// commit itself stands whatever a follow-up does.
class QUIRE_CORE_EXPORT CommitFollowUp
{
public:
    virtual ~CommitFollowUp();
    virtual Result<void> run(Connection &connection) = 0;
};

class QUIRE_CORE_EXPORT Connection
{
public:
    static Result<std::unique_ptr<Connection>> open(const QString &path,
                                                    const ConnectionOptions &options);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // Runs one or more statements that take no parameters.
    Result<void> exec(const QByteArray &sql);
    // A statement from this connection's cache: prepared once, reset when
    // the returned Statement goes out of scope. For SQL run again and again.
    Result<Statement> cached(const QByteArray &sql);
    // A statement of its own, finalized when it goes out of scope.
    Result<Statement> prepare(const QByteArray &sql);

    // PRAGMA journal_mode (WAL, or DELETE on network file systems) and the
    // matching synchronous level. `current` is the mode the file is in, when
    // known ("wal"): then only what differs is set.
    Result<void> applyJournalMode(const QString &current = {});

    bool inTransaction() const;
    bool isReadOnly() const { return m_options.readOnly || m_queryOnly; }
    // PRAGMA query_only: a pooled connection serves readers with it on and
    // the writer with it off.
    Result<void> setQueryOnly(bool on);
    qint64 lastInsertRowId() const;
    qint64 changes() const;
    const QString &label() const { return m_options.label; }
    const QString &kind() const { return m_options.kind; }
    const QString &path() const { return m_path; }
    const ConnectionOptions &options() const { return m_options; }

    // Gives the page cache and the statement cache back to the heap: for
    // connections that have been idle a while.
    void releaseMemory();
    // Bytes of page cache this connection holds (SQLITE_DBSTATUS_CACHE_USED).
    qint64 cacheBytes() const;

    // The follow-up queued under key in the open transaction; null when
    // none is (or no transaction is open).
    CommitFollowUp *commitFollowUp(const QByteArray &key) const;
    // Queues followUp under key until the outermost transaction ends; a
    // second one under the same key replaces the first. Ignored outside
    // a transaction: there is nothing to follow.
    void queueCommitFollowUp(const QByteArray &key, std::unique_ptr<CommitFollowUp> followUp);
    // Drops the follow-up queued under key (a writer whose changes must
    // not be mirrored, such as the importer reading those very files).
    void dropCommitFollowUp(const QByteArray &key);

    // An Error from the connection's current SQLite state.
    Error error(int resultCode, const QString &doing) const;

    sqlite3 *handle() const { return m_db; }

private:
    friend class Statement;
    friend class Transaction;
    Connection(sqlite3 *db, QString path, ConnectionOptions options);
    Result<void> configure();
    // A cached statement handed back by its Statement.
    void giveBack(sqlite3_stmt *stmt);

    sqlite3 *m_db = nullptr;
    QString m_path;
    ConnectionOptions m_options;
    QHash<QByteArray, sqlite3_stmt *> m_cache;
    QSet<sqlite3_stmt *> m_leased; // cached statements a Statement holds now
    int m_savepointDepth = 0;      // open Transaction savepoints
    // The journal mode and synchronous level are set: a connection opened
    // for readers leaves them until it first serves the writer.
    bool m_journalApplied = false;
    // Queued for the outermost COMMIT, in the order first queued.
    std::vector<std::pair<QByteArray, std::unique_ptr<CommitFollowUp>>> m_followUps;
    bool m_queryOnly = false;
};

} // namespace quire
