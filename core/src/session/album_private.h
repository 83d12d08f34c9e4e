#pragma once
// The shared state behind every Album handle: what was learnt when the
// album was opened, and its connection pool (one writer, a few readers).

#include "quire/album.h"
#include "quire/connection.h"
#include "quire/format.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace quire {

class AlbumPrivate : public std::enable_shared_from_this<AlbumPrivate>
{
public:
    // Opens, checks and (when older) upgrades the album in folder.
    static Result<std::shared_ptr<AlbumPrivate>> open(const QString &folder,
                                                      const AlbumOptions &options);
    ~AlbumPrivate();

    static Album handle(std::shared_ptr<AlbumPrivate> d) { return Album(std::move(d)); }

    Result<Session> lease(Access access);
    void giveBack(std::unique_ptr<Connection> connection, Access access);
    Result<void> close(std::chrono::milliseconds wait);

    Error error(ErrorCode code, const QString &message) const { return Error(code, folder, message); }
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
    AlbumOptions options;
    const AlbumFormat *format = nullptr;

    // The display name can change (setName), so it sits under the mutex.
    QString name() const;
    void setCachedName(const QString &name);

    int leased() const;
    int openConnections() const;
    bool isClosed() const;

private:
    AlbumPrivate() = default;
    Result<std::unique_ptr<Connection>> checkAndUpgrade(std::unique_ptr<Connection> first);

    mutable std::mutex m_mutex;
    std::condition_variable m_returned; // a connection came back, or the album closed
    QString m_name;
    std::unique_ptr<Connection> m_writer; // null while leased, or not opened yet
    bool m_writerLeased = false;
    std::vector<std::unique_ptr<Connection>> m_idleReaders;
    int m_readersOpen = 0; // idle + leased readers
    int m_leased = 0;
    bool m_closed = false;
};

} // namespace quire
