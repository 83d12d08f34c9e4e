#pragma once
// The shared state behind every Tenant handle: what was learnt when the
// album was opened, and its connection pool (one writer, a few readers).

#include "quire/tenant.h"
#include "quire/connection.h"
#include "quire/format.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <vector>

namespace quire {

class ConnectionBudget;

class TenantPrivate : public std::enable_shared_from_this<TenantPrivate>
{
public:
    // Opens, checks and (when older) upgrades the album in folder. With a
    // budget, every connection the album opens counts against its cap.
    // `canonical` is the folder's canonical path when the caller has it.
    //
    // `beforeChanges`, when given, is called once the database is known to
    // be the format's and its UUID has been read, and before anything is
    // written to it (a migration's backup and upgrade, its journal mode);
    // an error from it refuses the open, nothing touched. It is given the
    // connection opening the tenant (no transaction open). The registry
    // checks an album it has never seen there (quick_check).
    using BeforeChanges = std::function<Result<void>(TenantPrivate &, Connection &, const QUuid &)>;
    static Result<std::shared_ptr<TenantPrivate>> open(const QString &folder, const TenantOptions &options,
                                                      std::shared_ptr<ConnectionBudget> budget = {},
                                                      const QString &canonical = {},
                                                      const BeforeChanges &beforeChanges = {});
    ~TenantPrivate();

    static Tenant handle(std::shared_ptr<TenantPrivate> d) { return Tenant(std::move(d)); }

    Result<Session> lease(Access access, const QString &purpose);
    void giveBack(std::unique_ptr<Connection> connection, Access access, quint64 lease);
    Result<void> close(std::chrono::milliseconds wait);

    // Closes one idle connection (a reader before the writer) for the
    // connection budget. Never touches a leased one.
    struct Eviction {
        bool closed = false;
        int idleLeft = 0;
    };
    Eviction evictIdle();
    void releaseIdleMemory();
    // Closes every idle connection, the last one too; leased ones stay.
    // The next session opens a connection again, as after an eviction.
    void closeIdleConnections();
    // The budget's lazy sweep: an album unused since `releaseBefore` gives
    // back its idle connections' memory; one unused since `closeBefore`
    // closes them.
    void sweepIdle(std::chrono::steady_clock::time_point releaseBefore,
                   std::chrono::steady_clock::time_point closeBefore);
    // Page cache bytes held by idle connections (SQLITE_DBSTATUS_CACHE_USED).
    qint64 idleCacheBytes() const;
    // Gives the album a new UUID (a copy made outside Quire). Only before
    // the album is shared: uuid is read without the mutex.
    Result<void> assignNewUuid();
    // A connection opened after the album's first one reads the file now
    // at databasePath, which need not be the album's any more: with no
    // connection open (idle or evicted) nothing keeps another program from
    // moving the folder away and another tenant's in. Refused unless it
    // carries this album's UUID.
    Result<void> checkStillThisTenant(Connection &connection) const;

    Error error(ErrorCode code, const QString &message) const
    {
        return Error(code, folder, message).withKind(format.kind());
    }
    ConnectionOptions connectionOptions(Access access) const;

    // What open() learnt; fixed for the life of the album.
    QString folder;
    QString databasePath;
    QUuid uuid;
    QDateTime createdAt;
    int schemaVersion = 0;
    JournalMode journal = JournalMode::Wal;
    bool readOnly = false;
    bool immutable = false;
    QString readOnlyReason;
    bool transfersRecorded = false; // an unfinished move of rows between tenants is recorded
    TenantOptions options;
    TenantFormat format;

    // The display name can change (setName), so it sits under the mutex.
    QString name() const;
    void setCachedName(const QString &name);

    int leased() const;
    int openConnections() const;
    bool isClosed() const;

    // Bumped as each write session ends (Tenant::writeSerial). It starts
    // at a random number, so a tenant opened again, a new TenantPrivate,
    // does not repeat the values the last one gave out.
    std::atomic<quint64> writeSerial{0};

private:
    TenantPrivate() = default;
    Result<std::unique_ptr<Connection>> checkAndUpgrade(std::unique_ptr<Connection> first,
                                                        const BeforeChanges &beforeChanges);
    QString describeLeases() const; // with m_mutex held
    int idleCount() const;          // with m_mutex held

    struct LeaseRecord {
        quint64 id;
        Access access;
        QString purpose;
        QString threadName; // QThread::objectName(), often empty
        Qt::HANDLE threadId;
        std::chrono::steady_clock::time_point since;
    };

    std::shared_ptr<ConnectionBudget> m_budget;
    mutable std::mutex m_mutex;
    std::condition_variable m_returned; // a connection came back, or the album closed
    QString m_name;
    // All connections are alike; the writer is a role, not a connection:
    // whichever idle connection a write session takes serves it with
    // query_only off. Taken from the back (warm), evicted from the front.
    std::vector<std::unique_ptr<Connection>> m_idle;
    int m_open = 0;            // idle + leased connections
    int m_readersLeased = 0;
    bool m_writerLeased = false;
    std::chrono::steady_clock::time_point m_lastUsed;
    bool m_memoryReleased = false; // since the last use
    // A connection was opened by evicting another album's since the last
    // giveBack: the budget puts this album at its LRU's cold end.
    bool m_openedByEviction = false;
    std::list<LeaseRecord> m_leases;
    quint64 m_nextLease = 1;
    bool m_closed = false;
};

} // namespace quire
