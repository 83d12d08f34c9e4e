#include "folders/folder_ops.h"

#include "quire/registry.h"

#include <QDir>
#include <QFile>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace quire::detail {

Result<Album> albumFor(Registry &registry, const QUuid &uuid)
{
    if (uuid.isNull())
        return Error(ErrorCode::InvalidArgument, QString(), QStringLiteral("No album given."));
    Album album = registry.find(uuid);
    if (!album.isNull())
        return album;
    Result<Album> resolved = registry.resolve(uuid.toString(QUuid::WithoutBraces));
    if (!resolved)
        return resolved.error();
    return resolved;
}

bool transferLockHeld(const QString &folder)
{
    const QByteArray path = QFile::encodeName(QDir(folder).filePath(QStringLiteral(".quire/transfers.lock")));
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    // flock locks belong to the open file description: a fresh one
    // conflicts with any holder, this process's included, and probing does
    // not drop anyone's lock.
    const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
    if (!held)
        ::flock(fd, LOCK_UN);
    ::close(fd);
    return held;
}

bool albumHeldElsewhere(const QString &folder)
{
    auto conflicts = [](const QString &path, off_t start, off_t length) {
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return false;
        struct flock lock {};
        lock.l_type = F_WRLCK;
        lock.l_whence = SEEK_SET;
        lock.l_start = start;
        lock.l_len = length;
        const bool held = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
        ::close(fd);
        return held;
    };
    const QString database = Album::databasePathFor(folder);
    // WAL readers and writers hold the shm locks; rollback-mode ones the
    // database's lock bytes (from 0x40000000).
    return conflicts(database + QStringLiteral("-shm"), 120, 16) || conflicts(database, 0x40000000, 512);
}

} // namespace quire::detail
