#pragma once
// What a Registry reports: catalog entries, scans, migrations, statistics.

#include "quire/error.h"
#include "quire/tenant.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <chrono>
#include <functional>

namespace quire {

enum class TenantState {
    Available, // the folder holds the album and it opens
    Missing,   // the folder is gone (or holds something else); kept, found again by UUID
    Damaged,   // the album database cannot be used
    Locked,    // another program kept it locked
    ReadOnly,  // opens, but cannot be changed
};

struct CatalogEntry {
    QUuid uuid;
    QString folder;
    QString name;
    QDateTime lastSeen;
    TenantState state = TenantState::Available;
    QString problem; // why it is not Available, in words
};

// What a registry hands a recovery hook: the tenants it has open, and
// where its catalog last saw a tenant.
struct RecoveryContext {
    std::function<Tenant(const QUuid &)> openTenant;    // an open tenant, else null
    std::function<QString(const QUuid &)> knownFolder;  // the catalog's folder, else empty
};

struct RegistryOptions {
    // The most SQLite connections open at once across all tenants; 0 derives
    // it from the file descriptor limit (RLIMIT_NOFILE). At least 2 (opening
    // a tenant may hold two connections for a moment); every connection the
    // registry opens counts, checks and peeks included.
    int maxConnections = 0;
    int busyTimeoutMs = 5000;
    int maxReadersPerTenant = 4;
    // A tenant unused for this long closes its last idle connection, as an
    // eviction would: an idle tenant then holds no SQLite memory (its parsed
    // schema alone grows with every table and trigger) and no descriptors,
    // and its next session opens a connection again. Tenants unused for a
    // few seconds already give back their page cache. Zero keeps one
    // connection per open tenant for as long as it is open.
    std::chrono::milliseconds closeIdleAfter = std::chrono::seconds(60);
    // Called for a tenant the registry opens whose identity table records
    // an unfinished move of rows between tenants (its 'transfers' row):
    // finishes or undoes it before the tenant is handed out. The photo
    // album's registry (AlbumRegistry) sets it to picture-transfer recovery.
    std::function<void(const Tenant &, const RecoveryContext &)> recoverOnOpen;
};

enum class OpenMode {
    Normal,
    // The folder is a copy made outside Quire: give it a new album UUID.
    AsCopy,
};

struct ScanReport {
    QList<QUuid> found;    // every album found under the folder
    QList<QUuid> added;    // new to the catalog
    QList<QUuid> moved;    // known, found in a new folder
    QList<QUuid> missing;  // known under the folder, not found there any more
    QList<Error> problems; // folders that look like albums but could not be used, duplicates
};

struct MigrationReport {
    enum class Status { UpToDate, WouldUpgrade, Upgraded, Failed };
    struct Entry {
        QUuid uuid;
        QString folder;
        int fromVersion = 0;
        int toVersion = 0;
        Status status = Status::UpToDate;
        QString message;
        ErrorCode code = ErrorCode::Ok; // why it failed
    };
    bool dryRun = false;
    QList<Entry> entries;
    int count(Status status) const
    {
        int n = 0;
        for (const Entry &e : entries)
            n += e.status == status;
        return n;
    }
};

struct RegistryStats {
    int tenantsKnown = 0;        // in the catalog
    int tenantsOpen = 0;         // open in this registry
    int connectionsOpen = 0;
    int connectionsLeased = 0;
    int connectionsPeak = 0;
    int connectionCap = 0;
    qint64 evictions = 0;       // idle connections closed to stay under the cap
    int fileDescriptors = 0;    // open in this process
    // Bytes, whole process (sqlite3_memory_used); -1 where SQLite does not
    // count them (tuneProcess turns its counting off).
    qint64 sqliteMemoryUsed = -1;
    qint64 sqliteMemoryHighwater = -1;
    qint64 heapBytesInUse = -1;       // the process's heap (glibc mallinfo2, or the sanitizer's allocator), SQLite's included
    qint64 idlePageCacheBytes = 0;    // page cache held by idle connections
};

} // namespace quire

Q_DECLARE_METATYPE(quire::TenantState)
