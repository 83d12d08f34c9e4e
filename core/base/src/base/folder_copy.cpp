#include "base/folder_copy.h"

#include "base/crash_point.h"

#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QList>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace quire::detail {

namespace {

struct Entry {
    QByteArray rel; // relative path, local 8-bit
    enum Kind { File, Dir, Link } kind;
    qint64 size = 0;
    mode_t mode = 0;
};

// Lists `from` recursively (without the control folder at the top), links
// not followed.
bool listTree(const QByteArray &root, const QByteArray &rel, const QByteArray &control, QList<Entry> &out, int &err)
{
    const QByteArray dirPath = rel.isEmpty() ? root : root + '/' + rel;
    DIR *dir = ::opendir(dirPath.constData());
    if (!dir) {
        err = errno;
        return false;
    }
    QList<QByteArray> names;
    while (dirent *d = ::readdir(dir)) {
        const QByteArray name(d->d_name);
        if (name == "." || name == "..")
            continue;
        if (rel.isEmpty() && name == control)
            continue;
        names.append(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const QByteArray &name : names) {
        const QByteArray childRel = rel.isEmpty() ? name : rel + '/' + name;
        struct stat st;
        if (::lstat((root + '/' + childRel).constData(), &st) != 0) {
            err = errno;
            return false;
        }
        if (S_ISLNK(st.st_mode)) {
            out.append({childRel, Entry::Link, 0, st.st_mode});
        } else if (S_ISDIR(st.st_mode)) {
            out.append({childRel, Entry::Dir, 0, st.st_mode});
            if (!listTree(root, childRel, control, out, err))
                return false;
        } else if (S_ISREG(st.st_mode)) {
            out.append({childRel, Entry::File, st.st_size, st.st_mode});
        } // sockets, fifos, devices: not album content, skipped
    }
    return true;
}

void removeTree(const QString &path)
{
    QDir(path).removeRecursively();
}

} // namespace

Error fileCopyError(const QString &album, const QString &what, int err)
{
    QString message = QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(err)));
    if (err == ENOSPC || err == EDQUOT)
        message += QStringLiteral(" (the disk is full; free some space and try again)");
    else if (err == EIO)
        message += QStringLiteral(" (an I/O error: the disk or its connection failed; check it and try again)");
    return Error(ErrorCode::Io, album, message);
}

int copyFileContents(const QByteArray &src, const QByteArray &dst, mode_t mode, qint64 &copied)
{
    const int in = ::open(src.constData(), O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return errno;
    const int out = ::open(dst.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
    if (out < 0) {
        const int e = errno;
        ::close(in);
        return e;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    // Tests make the disk fail here (QUIRE_FAIL_FILE_COPY_AT).
    int result = fileCopyFault();
    // In the kernel first (no copy through user space; a reflink where the
    // file system can); read/write where it cannot.
    bool inKernel = result == 0;
    for (; inKernel;) {
        const ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, size_t(1) << 30, 0);
        if (n > 0) {
            copied += n;
            continue;
        }
        if (n == 0)
            break;
        if (errno == EINTR)
            continue;
        if (copied == 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
            inKernel = false;
            break;
        }
        result = errno;
        break;
    }
    static thread_local QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (; !inKernel && !result;) {
        const ssize_t n = ::read(in, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            result = errno;
            break;
        }
        if (n == 0)
            break;
        ssize_t done = 0;
        while (done < n) {
            const ssize_t w = ::write(out, buffer.constData() + done, size_t(n - done));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                result = errno;
                break;
            }
            done += w;
        }
        if (result)
            break;
        copied += n;
    }
    // Start the write-back now; the fsync comes after all files are
    // written, so the disk sees them in one stream, not one flush each.
    if (!result)
        ::sync_file_range(out, 0, 0, SYNC_FILE_RANGE_WRITE);
    if (::close(out) != 0 && !result)
        result = errno;
    ::close(in);
    return result;
}

qint64 freeBytesAt(const QString &path)
{
    QFileInfo info(path);
    QString probe = info.absoluteFilePath();
    while (!probe.isEmpty() && !QFileInfo::exists(probe)) {
        const QString parent = QFileInfo(probe).absolutePath();
        if (parent == probe)
            break;
        probe = parent;
    }
    struct statvfs sv;
    if (::statvfs(QFile::encodeName(probe).constData(), &sv) != 0)
        return -1;
    return qint64(sv.f_bavail) * qint64(sv.f_frsize);
}

Result<void> copyFolderFiles(const QString &from, const QString &to, const QString &controlFolder,
                             const CopyProgressFn &progress)
{
    const QByteArray src = QFile::encodeName(QDir::cleanPath(QFileInfo(from).absoluteFilePath()));
    const QByteArray dst = QFile::encodeName(QDir::cleanPath(QFileInfo(to).absoluteFilePath()));
    const QString album = from;

    struct stat st;
    if (::stat(src.constData(), &st) != 0 || !S_ISDIR(st.st_mode))
        return Error(ErrorCode::NotFound, album, QStringLiteral("the folder to copy does not exist"));
    const QString srcClean = QFile::decodeName(src), dstClean = QFile::decodeName(dst);
    if (dstClean == srcClean || dstClean.startsWith(srcClean + QLatin1Char('/')))
        return Error(ErrorCode::InvalidArgument, album,
                     QStringLiteral("the destination %1 is inside the folder being copied").arg(to));

    bool made = false;
    if (QFileInfo::exists(to) || QFileInfo(to).isSymLink()) {
        if (!QFileInfo(to).isDir() || QFileInfo(to).isSymLink())
            return Error(ErrorCode::AlreadyExists, album, QStringLiteral("%1 exists and is not a folder").arg(to));
        if (!QDir(to).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
            return Error(ErrorCode::AlreadyExists, album, QStringLiteral("the destination %1 exists and is not empty").arg(to));
    }

    QList<Entry> entries;
    int err = 0;
    if (!listTree(src, QByteArray(), QFile::encodeName(controlFolder), entries, err))
        return fileCopyError(album, QStringLiteral("cannot read the folder"), err);

    CopyProgress p;
    for (const Entry &e : entries) {
        if (e.kind == Entry::File) {
            ++p.filesTotal;
            p.bytesTotal += e.size;
        }
    }
    const qint64 free = freeBytesAt(to);
    // Each file also costs a block or so of metadata; keep a small margin.
    const qint64 needed = p.bytesTotal + p.filesTotal * 4096;
    if (free >= 0 && needed > free)
        return Error(ErrorCode::Io, album,
                     QStringLiteral("not enough free space at %1: %2 bytes needed, %3 free")
                         .arg(to).arg(needed).arg(free));

    if (!QFileInfo::exists(to)) {
        if (::mkdir(dst.constData(), st.st_mode & 07777) != 0)
            return fileCopyError(album, QStringLiteral("cannot make %1").arg(to), errno);
        made = true;
    }
    auto fail = [&](Error error) -> Result<void> {
        if (made)
            removeTree(to);
        else {
            // Empty it again: the caller gave an empty folder.
            QDir d(to);
            for (const QString &n : d.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
                const QString path = d.filePath(n);
                if (QFileInfo(path).isDir() && !QFileInfo(path).isSymLink())
                    QDir(path).removeRecursively();
                else
                    QFile::remove(path);
            }
        }
        return error;
    };

    QList<QByteArray> dirs{dst};
    for (const Entry &e : entries) {
        const QByteArray s = src + '/' + e.rel, d = dst + '/' + e.rel;
        switch (e.kind) {
        case Entry::Dir:
            if (::mkdir(d.constData(), (e.mode & 07777) | S_IRWXU) != 0)
                return fail(fileCopyError(album, QStringLiteral("cannot make %1").arg(QFile::decodeName(d)), errno));
            dirs.append(d);
            break;
        case Entry::Link: {
            QByteArray target(4096, Qt::Uninitialized);
            const ssize_t n = ::readlink(s.constData(), target.data(), size_t(target.size()));
            if (n < 0)
                return fail(fileCopyError(album, QStringLiteral("cannot read the link %1").arg(QFile::decodeName(s)), errno));
            target.truncate(int(n));
            if (::symlink(target.constData(), d.constData()) != 0)
                return fail(fileCopyError(album, QStringLiteral("cannot make the link %1").arg(QFile::decodeName(d)), errno));
            break;
        }
        case Entry::File: {
            qint64 copied = 0;
            const int e2 = copyFileContents(s, d, e.mode, copied);
            p.bytes += copied;
            if (e2 != 0)
                return fail(fileCopyError(album, QStringLiteral("cannot copy %1").arg(QFile::decodeName(s)), e2));
            ++p.files;
            if (progress && !progress(p))
                return fail(Error(ErrorCode::Cancelled, album, QStringLiteral("the copy was cancelled")));
            break;
        }
        }
    }
    // Every file durable (its write-back started when it was written).
    for (const Entry &e : entries) {
        if (e.kind != Entry::File)
            continue;
        const QByteArray d = dst + '/' + e.rel;
        if (!fsyncFile(QFile::decodeName(d)))
            return fail(fileCopyError(album, QStringLiteral("cannot sync %1").arg(QFile::decodeName(d)), errno));
    }
    // Folders last, deepest first, so every entry is durable.
    for (auto it = dirs.crbegin(); it != dirs.crend(); ++it) {
        if (!fsyncFolder(QFile::decodeName(*it)))
            return fail(fileCopyError(album, QStringLiteral("cannot sync %1").arg(QFile::decodeName(*it)), errno));
    }
    // The folder's own entry in its parent.
    fsyncFolder(QFileInfo(to).absolutePath());
    if (progress && p.filesTotal == 0 && !progress(p))
        return fail(Error(ErrorCode::Cancelled, album, QStringLiteral("the copy was cancelled")));
    return {};
}

} // namespace quire::detail
