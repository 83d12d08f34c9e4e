#pragma once
// Tenant: one tenant folder and its database (<folder>/<format's database
// path>, e.g. <folder>/.quire/album.db for a photo album).
//
// A Tenant is a cheap, shared handle: copies refer to the same open tenant,
// which owns a small pool of connections, one of which at a time serves the
// single writer. Sessions lease those connections. Thread safety: every
// method may be called from any thread.

#include "quire/connection.h"
#include "quire/error.h"
#include "quire/format.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

#include <chrono>
#include <memory>

namespace quire {

class TenantPrivate;
class Session;

enum class Access { Read, Write };

struct TenantOptions {
    TenantFormat format;        // what kind of tenant; required
    int busyTimeoutMs = 5000;   // how long a write waits for another writer
    int maxReaders = 4;         // reader connections kept per tenant
    bool migrate = true;        // upgrade an older tenant (after a backup) on open
};

struct CheckReport {
    bool ok = false;
    QStringList problems;       // integrity_check lines, schema differences
};

class QUIRE_CORE_EXPORT Tenant
{
public:
    Tenant();   // a null tenant
    ~Tenant();
    Tenant(const Tenant &);
    Tenant &operator=(const Tenant &);
    Tenant(Tenant &&) noexcept;
    Tenant &operator=(Tenant &&) noexcept;

    // Makes a new tenant of options.format in folder (created when missing;
    // it may already hold files). Fails with AlreadyExists when the folder
    // is already one.
    static Result<Tenant> create(const QString &folder, const QString &name, const TenantOptions &options);
    // Opens an existing tenant, upgrading its schema when it is older.
    static Result<Tenant> open(const QString &folder, const TenantOptions &options);

    // "<folder>/<format's database path>"
    static QString databasePathFor(const QString &folder, const TenantFormat &format);

    bool isNull() const { return !d; }
    TenantFormat format() const;
    QString folder() const;        // absolute, canonical
    QString databasePath() const;
    QUuid uuid() const;
    QString name() const;
    QDateTime createdAt() const;
    int schemaVersion() const;
    JournalMode journalMode() const;
    bool isReadOnly() const;
    // Why the tenant is read-only ("the folder is on read-only media"), else empty.
    QString readOnlyReason() const;

    // A session on this tenant: Write leases the one writer connection
    // (waiting up to busyTimeoutMs), Read a reader from the pool. The
    // purpose ("import", "search") names the session in errors, such as a
    // close that found it still running.
    Result<Session> session(Access access, const QString &purpose = {}) const;
    Result<Session> read() const;
    Result<Session> write() const;

    Result<void> setName(const QString &name);
    // PRAGMA integrity_check, foreign_key_check and the schema compared
    // with the format's.
    Result<CheckReport> check() const;

    // Waits up to `wait` for every session to end, then closes all
    // connections (the last one checkpoints and removes -wal and -shm).
    // Every copy of this handle becomes unusable for new sessions.
    Result<void> close(std::chrono::milliseconds wait = std::chrono::seconds(10));
    bool isClosed() const;

    // Connections currently leased by sessions, and open in all.
    int leasedConnections() const;
    int openConnections() const;
    // Gives the page cache of idle connections back to the heap.
    void releaseIdleMemory();

    // Changes as each write session of this handle's tenant ends
    // (committed or not), in any thread of this process: a cheap sign,
    // without any SQL, that the tenant may have changed here since a value
    // was last seen (the workspace index asks it before every search).
    // Writes by other processes do not show here; their mark is on the
    // database files. A tenant opened again gives values of its own, never
    // the ones it gave before it was closed. 0 for a null tenant.
    quint64 writeSerial() const;

    bool operator==(const Tenant &other) const { return d == other.d; }

protected:
    explicit Tenant(std::shared_ptr<TenantPrivate> d);

private:
    friend class TenantPrivate;
    friend class Registry;
    std::shared_ptr<TenantPrivate> d;
};

} // namespace quire
