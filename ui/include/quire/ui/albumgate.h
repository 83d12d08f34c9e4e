#pragma once
// AlbumGate: keeps the window's background readers (thumbnails, grid pages,
// counts, the detail pane) away from an album while a folder operation
// (rename, move, delete, close) runs on it.
//
// Those operations close the album and then change its folder; a reader
// opening the album in between (Registry::resolve) would reopen it at the
// old folder. Readers take tryRead() for their short work and give up at
// once when an operation holds the album; operations take write() for their
// whole run, which waits for the readers already in.
//
// Thread safety: every method may be called from any thread.

#include <quire/album.h>
#include <quire/error.h>

#include <QHash>
#include <QUuid>

#include <memory>
#include <mutex>
#include <shared_mutex>

namespace quire {
class Registry;
}

namespace quire::ui {

class AlbumGate
{
public:
    using ReadLock = std::shared_lock<std::shared_mutex>;
    using WriteLock = std::unique_lock<std::shared_mutex>;

    ReadLock tryRead(const QUuid &album) { return ReadLock(mutexFor(album), std::try_to_lock); }
    WriteLock write(const QUuid &album) { return WriteLock(mutexFor(album)); }

    // For readers given an optional gate: true when they may go on (lock
    // then holds the album, or there is no gate).
    static bool enter(AlbumGate *gate, const QUuid &album, ReadLock &lock)
    {
        if (!gate)
            return true;
        lock = gate->tryRead(album);
        return lock.owns_lock();
    }

    // The album for short background work: gate entered (lock holds it),
    // then found open or opened through the registry. Fails with Busy while
    // a folder operation holds the album.
    static Result<Album> open(Registry &registry, AlbumGate *gate, const QUuid &album, ReadLock &lock);

private:
    std::shared_mutex &mutexFor(const QUuid &album)
    {
        std::lock_guard guard(m_mutex);
        std::shared_ptr<std::shared_mutex> &slot = m_locks[album];
        if (!slot)
            slot = std::make_shared<std::shared_mutex>();
        return *slot; // kept as long as the gate: a few bytes per album
    }

    std::mutex m_mutex;
    QHash<QUuid, std::shared_ptr<std::shared_mutex>> m_locks;
};

} // namespace quire::ui
