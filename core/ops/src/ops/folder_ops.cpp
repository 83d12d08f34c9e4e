#include "ops/control_files.h"
#include "ops/folder_ops.h"
#include "ops/transfer_files.h"

#include "quire/registry.h"

#include "base/fsync.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace quire::detail {

Result<Tenant> albumFor(Registry &registry, const QUuid &uuid)
{
    if (uuid.isNull())
        return Error(ErrorCode::InvalidArgument, QString(), QStringLiteral("No %1 given.").arg(registry.format().kind()));
    Tenant album = registry.find(uuid);
    if (!album.isNull())
        return album;
    Result<Tenant> resolved = registry.resolve(uuid.toString(QUuid::WithoutBraces));
    if (!resolved)
        return resolved.error();
    return resolved;
}

namespace {

// Whether someone holds a flock on the file. flock locks belong to the open
// file description: a fresh one conflicts with any holder, this process's
// included, and probing does not drop anyone's lock.
bool flockHeld(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
    if (!held)
        ::flock(fd, LOCK_UN);
    ::close(fd);
    return held;
}

} // namespace

bool transferLockHeld(const QString &folder, const TenantFormat &format)
{
    return flockHeld(transferLockFile(folder, format));
}

bool moveLockHeld(const QString &folder, const TenantFormat &format)
{
    return flockHeld(QDir(folder).filePath(control::moveLock(format)));
}

bool albumHeldElsewhere(const QString &folder, const TenantFormat &format)
{
    // Read from /proc/locks, never by opening the files: opening and closing
    // an album's database or -shm here would drop the POSIX locks SQLite
    // holds on them for this process's own connections (another Registry,
    // a plugin). Every SQLite connection of another process keeps a lock on
    // the -shm (WAL) or takes the database's lock bytes (rollback journal).
    const QString database = Tenant::databasePathFor(folder, format);
    struct Identity {
        unsigned major = 0, minor = 0;
        qulonglong inode = 0;
        bool valid = false;
    };
    auto identity = [](const QString &path) {
        struct stat st {};
        Identity id;
        if (::stat(QFile::encodeName(path).constData(), &st) == 0)
            id = Identity{::major(st.st_dev), ::minor(st.st_dev), qulonglong(st.st_ino), true};
        return id;
    };
    const Identity files[] = {identity(database), identity(database + QStringLiteral("-shm"))};
    QFile locks(QStringLiteral("/proc/locks"));
    if (!locks.open(QIODevice::ReadOnly))
        return false;
    const QByteArray me = QByteArray::number(::getpid());
    // "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF"
    for (const QByteArray &line : locks.readAll().split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 6 || f[1] != "POSIX" || f[4] == me)
            continue;
        const QList<QByteArray> where = f[5].split(':');
        if (where.size() != 3)
            continue;
        bool ok1 = false, ok2 = false, ok3 = false;
        const unsigned major = where[0].toUInt(&ok1, 16), minor = where[1].toUInt(&ok2, 16);
        const qulonglong inode = where[2].toULongLong(&ok3);
        if (!ok1 || !ok2 || !ok3)
            continue;
        for (const Identity &id : files) {
            if (id.valid && id.major == major && id.minor == minor && id.inode == inode)
                return true;
        }
    }
    return false;
}

QString folderJournalFolder(const Registry &registry)
{
    return registry.workspaceFolder() + QStringLiteral("/folder-moves");
}

bool writeJsonSynced(const QString &path, const QJsonObject &object)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(object).toJson(QJsonDocument::Compact));
    if (!file.commit()) // QSaveFile fsyncs before its rename
        return false;
    return fsyncFolder(QFileInfo(path).absolutePath());
}

QJsonObject readJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool removeFileSynced(const QString &path)
{
    if (!QFile::exists(path))
        return true;
    if (!QFile::remove(path))
        return false;
    fsyncFolder(QFileInfo(path).absolutePath());
    return true;
}

} // namespace quire::detail
