#pragma once
// Album: one photo album folder and its database (<folder>/.quire/album.db).
//
// An Album is a cheap, shared handle: copies refer to the same open album,
// which owns one writer connection and a small pool of reader connections.
// Sessions lease those connections. Thread safety: every method may be
// called from any thread.

#include "quire/connection.h"
#include "quire/error.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

#include <chrono>
#include <memory>

namespace quire {

class AlbumFormat;
class AlbumPrivate;
class Session;

enum class Access { Read, Write };

struct AlbumOptions {
    int busyTimeoutMs = 5000;   // how long a write waits for another writer
    int maxReaders = 4;         // reader connections kept per album
    const AlbumFormat *format = nullptr; // nullptr: Quire's own current format
    bool migrate = true;        // upgrade an older album (after a backup) on open
};

struct CheckReport {
    bool ok = false;
    QStringList problems;       // integrity_check lines, schema differences
};

class QUIRE_CORE_EXPORT Album
{
public:
    Album();   // a null album
    ~Album();
    Album(const Album &);
    Album &operator=(const Album &);

    // Makes a new album in folder (created when missing; it may already hold
    // pictures). Fails with AlreadyExists when the folder is an album.
    static Result<Album> create(const QString &folder, const QString &name = {},
                                const AlbumOptions &options = {});
    // Opens an existing album, upgrading its schema when it is older.
    static Result<Album> open(const QString &folder, const AlbumOptions &options = {});

    // "<folder>/.quire/album.db"
    static QString databasePathFor(const QString &folder);

    bool isNull() const { return !d; }
    QString folder() const;        // absolute, canonical
    QString databasePath() const;
    QUuid uuid() const;
    QString name() const;
    QDateTime createdAt() const;
    int schemaVersion() const;
    JournalMode journalMode() const;
    bool isReadOnly() const;
    // Why the album is read-only ("the folder is on read-only media"), else empty.
    QString readOnlyReason() const;

    // A session on this album: Write leases the one writer connection
    // (waiting up to busyTimeoutMs), Read a reader from the pool. The
    // purpose ("import", "search") names the session in errors, such as a
    // close that found it still running.
    Result<Session> session(Access access, const QString &purpose = {}) const;
    Result<Session> read() const;
    Result<Session> write() const;

    Result<void> setName(const QString &name);
    // PRAGMA integrity_check and the schema compared with Quire's own.
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

    bool operator==(const Album &other) const { return d == other.d; }

private:
    explicit Album(std::shared_ptr<AlbumPrivate> d);
    friend class AlbumPrivate;
    friend class Registry;
    std::shared_ptr<AlbumPrivate> d;
};

} // namespace quire
