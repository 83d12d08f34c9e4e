// The file side of a transfer (ops/transfer_files.h).

#include "ops/transfer_files.h"
#include "ops/control_files.h"

#include "base/crash_point.h"
#include "base/folder_copy.h"
#include "base/fsync.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUuid>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace quire::detail {

namespace {

QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

Error ioError(const QString &doing, const QString &path)
{
    return Error(ErrorCode::Io, QString(),
                 QStringLiteral("%1 %2 failed: %3").arg(doing, path, QString::fromLocal8Bit(std::strerror(errno))));
}

// Copies the bytes of `from` to a new file `to` (which must not exist) with
// the folder-copy engine (base/folder_copy.h: copy_file_range, read/write
// across file systems, the file-copy fault hook), then fsyncs it. A file
// it could not finish is removed.
Result<void> copyBytes(const QString &from, const QString &to)
{
    qint64 copied = 0;
    int error = copyFileContents(native(from), native(to), 0644, copied);
    if (error == EEXIST)
        return fileCopyError(QString(), QStringLiteral("Creating %1").arg(to), error); // not ours to remove
    if (!error && !fsyncFile(to))
        error = errno;
    if (!error)
        return {};
    ::unlink(native(to).constData());
    return fileCopyError(QString(), QStringLiteral("Copying %1 to %2").arg(from, to), error);
}

} // namespace

QString partialSuffix(const QUuid &transfer)
{
    return QStringLiteral(".quire-partial-") + transfer.toString(QUuid::WithoutBraces);
}

bool fileExists(const QString &path)
{
    struct stat st {};
    return ::lstat(native(path).constData(), &st) == 0;
}

bool sameFileOrContent(const QString &a, const QString &b)
{
    struct stat sa {}, sb {};
    if (::stat(native(a).constData(), &sa) != 0 || ::stat(native(b).constData(), &sb) != 0)
        return false;
    if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
        return true;
    if (sa.st_size != sb.st_size)
        return false;
    QFile fa(a), fb(b);
    if (!fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly))
        return false;
    while (!fa.atEnd()) {
        if (fa.read(1 << 16) != fb.read(1 << 16))
            return false;
    }
    return true;
}

Result<void> syncFolder(const QString &folder)
{
    if (!fsyncFolder(folder))
        return ioError(QStringLiteral("Syncing the folder"), folder);
    return {};
}

Result<void> placeFile(const QString &from, const QString &to, bool link, const QString &partialSuffix)
{
    if (fileExists(to)) {
        // Placed before a crash (or by this very call retried): ours only
        // when it is the same file or the same bytes; never overwritten.
        if (sameFileOrContent(from, to))
            return {};
        return Error(ErrorCode::AlreadyExists, QString(),
                     QStringLiteral("%1 appeared in the destination meanwhile; it was left alone.").arg(to));
    }
    QDir().mkpath(QFileInfo(to).absolutePath());
    if (link) {
        if (::link(native(from).constData(), native(to).constData()) == 0)
            return {};
        if (errno != EXDEV && errno != EPERM && errno != EMLINK && errno != ENOTSUP)
            return ioError(QStringLiteral("Linking into the destination"), to);
    }
    // Another file system (or a copy): the bytes go to a temporary name,
    // fsynced, and only then to the final name (rename never replaces
    // anything here: link(2) refuses an existing name).
    const QString partial = to + partialSuffix;
    ::unlink(native(partial).constData()); // a leftover of a crash
    if (auto r = copyBytes(from, partial); !r)
        return r;
    crashPoint("transfer.file.copied");
    const int linked = ::link(native(partial).constData(), native(to).constData());
    const int linkErrno = errno;
    ::unlink(native(partial).constData());
    if (linked != 0) {
        errno = linkErrno;
        return ioError(QStringLiteral("Naming the copy"), to);
    }
    return {};
}

QString freeName(const QString &relativePath, const std::function<bool(const QString &)> &taken)
{
    if (!taken(relativePath))
        return relativePath;
    const int slash = relativePath.lastIndexOf(QLatin1Char('/'));
    const QString folder = relativePath.left(slash + 1);
    const QString file = relativePath.mid(slash + 1);
    int dot = file.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0)
        dot = file.size();
    const QString stem = file.left(dot), suffix = file.mid(dot);
    for (int n = 2; n < 10000; ++n) {
        const QString candidate = QStringLiteral("%1%2 (%3)%4").arg(folder, stem).arg(n).arg(suffix);
        if (!taken(candidate))
            return candidate;
    }
    // Ten thousand namesakes (or a database that cannot answer): a unique name.
    return QStringLiteral("%1%2 (%3)%4").arg(folder, stem, QUuid::createUuid().toString(QUuid::WithoutBraces), suffix);
}

QString transferLockFile(const QString &folder, const TenantFormat &format)
{
    return QDir(folder).filePath(control::transfersLock(format));
}

TransferLock::~TransferLock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

std::optional<TransferLock> TransferLock::take(const QString &lockFile, bool wait)
{
    TransferLock lock;
    lock.m_fd = ::open(native(lockFile).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock.m_fd < 0)
        return std::nullopt;
    while (::flock(lock.m_fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        if (errno != EINTR)
            return std::nullopt;
    }
    return lock;
}

} // namespace quire::detail
