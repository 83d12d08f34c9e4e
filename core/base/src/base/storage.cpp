#include "base/storage.h"

#include <QFile>
#include <QtGlobal>

#include <optional>

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
    case 0x47504653: return QStringLiteral("gpfs");
    case 0x0BD00BD0: return QStringLiteral("lustre");
    // FUSE (sshfs, rclone, s3fs, gvfs, NTFS-3G...): what is behind it is
    // unknown, often a network, and its locks may not be real ones.
    case 0x65735546: return QStringLiteral("fuse");
    default: return {};
    }
}

// Local file systems whose locks and shared memory SQLite's WAL can trust.
// Anything not here and not named above is treated as a network one: the
// safe choice costs only concurrency (see docs/NETWORK.md).
bool localFileSystem(unsigned long type)
{
    switch (type) {
    case 0xEF53:       // ext2, ext3, ext4
    case 0x58465342:   // xfs
    case 0x9123683E:   // btrfs
    case 0x01021994:   // tmpfs
    case 0x858458F6:   // ramfs
    case 0x794C7630:   // overlayfs (containers)
    case 0xF2F52010:   // f2fs
    case 0x2FC12FC1:   // zfs
    case 0xCA451A4E:   // bcachefs
    case 0x4D44:       // vfat, msdos
    case 0x2011BAB0:   // exfat
    case 0x7366746E:   // ntfs3 (the kernel driver)
    case 0x5346544E:   // ntfs (read-only kernel driver)
    case 0x482B:       // hfsplus
    case 0x3153464A:   // jfs
    case 0x52654973:   // reiserfs
    case 0x3434:       // nilfs2
    case 0x9660:       // iso9660
    case 0x15013346:   // udf
    case 0x73717368:   // squashfs
    case 0xE0F5E1E2:   // erofs
    case 0xF15F:       // ecryptfs
    case 0x137F:       // minix
    case 0x2468:       // minix2
    case 0x4D5A:       // minix3
        return true;
    default:
        return false;
    }
}

// QUIRE_ASSUME_FILESYSTEM=nfs (or cifs, fuse, local, ...) makes every
// album look as if it were on that file system: for tests, which cannot
// mount a network share, and for users whose share is detected wrongly.
std::optional<QString> assumedFileSystem()
{
    const QByteArray assumed = qgetenv("QUIRE_ASSUME_FILESYSTEM").trimmed().toLower();
    if (assumed.isEmpty())
        return std::nullopt;
    return QString::fromLatin1(assumed);
}

} // namespace

StorageFacts storageOf(const QString &path)
{
    StorageFacts facts;
    const QByteArray name = QFile::encodeName(path);
    struct statfs fs {};
    if (::statfs(name.constData(), &fs) == 0) {
        const auto type = static_cast<unsigned long>(fs.f_type);
        facts.fileSystem = networkFileSystem(type);
        if (facts.fileSystem.isEmpty() && !localFileSystem(type))
            facts.fileSystem = QStringLiteral("unknown (0x%1)").arg(type, 0, 16);
        facts.network = !facts.fileSystem.isEmpty();
        facts.readOnlyMedia = (fs.f_flags & ST_RDONLY) != 0; // the mount flags, since Linux 2.6.36
    }
    if (const std::optional<QString> assumed = assumedFileSystem()) {
        const bool local = *assumed == QLatin1String("local");
        facts.fileSystem = local ? QString() : *assumed;
        facts.network = !local;
    }
    return facts;
}

} // namespace quire::detail
