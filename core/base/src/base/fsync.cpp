#include "base/fsync.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace quire::detail {

namespace {

bool fsyncPath(const QString &path, int flags)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | flags);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return ok;
}

} // namespace

bool fsyncFile(const QString &path)
{
    return fsyncPath(path, 0);
}

bool fsyncFolder(const QString &path)
{
    return fsyncPath(path, O_DIRECTORY);
}

} // namespace quire::detail
