#include "sqlite/storage.h"

#include <QFile>

#include <fcntl.h>
#include <sys/statfs.h>
#include <sys/statvfs.h> // ST_RDONLY
#include <unistd.h>

namespace quire::detail {

namespace {

// f_type values from statfs(2) / linux/magic.h.
QString networkFileSystem(unsigned long type)
{
    switch (type) {
    case 0x6969: return QStringLiteral("nfs");
    case 0x517B: return QStringLiteral("smb");
    case 0xFF534D42: return QStringLiteral("cifs");
    case 0xFE534D42: return QStringLiteral("smb2");
    case 0x73757245: return QStringLiteral("coda");
    case 0x5346414F: return QStringLiteral("afs");
    case 0x01021997: return QStringLiteral("9p");
    case 0x013111A8: return QStringLiteral("ceph");
    default: return {};
    }
}

} // namespace

StorageFacts storageOf(const QString &path)
{
    StorageFacts facts;
    const QByteArray name = QFile::encodeName(path);
    struct statfs fs {};
    if (::statfs(name.constData(), &fs) == 0) {
        facts.fileSystem = networkFileSystem(static_cast<unsigned long>(fs.f_type));
        facts.network = !facts.fileSystem.isEmpty();
        facts.readOnlyMedia = (fs.f_flags & ST_RDONLY) != 0; // the mount flags, since Linux 2.6.36
    }
    return facts;
}

bool syncDirectory(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

} // namespace quire::detail
