#include "index/album_state.h"

#include "quire/session.h"

#include <QFile>

#include <sys/stat.h>

namespace quire::detail {

FileStamp fileStamp(const QByteArray &encodedPath)
{
    struct stat st {};
    if (::stat(encodedPath.constData(), &st) != 0)
        return {};
    return {quint64(st.st_dev), quint64(st.st_ino), qint64(st.st_size),
            qint64(st.st_mtim.tv_sec) * 1000000000 + qint64(st.st_mtim.tv_nsec)};
}

FileStamp fileStamp(const QString &path)
{
    return fileStamp(QFile::encodeName(path));
}

namespace {

// "-" for a file that is not there, or (emptyIsAbsent) is empty: opening
// an album in WAL mode makes an empty -wal and closing it removes it, and
// neither is a change, so an album opened only to be read keeps its
// identity.
QString stampText(const FileStamp &stamp, bool emptyIsAbsent)
{
    if (stamp.inode == 0 || (emptyIsAbsent && stamp.size == 0))
        return QStringLiteral("-");
    return QStringLiteral("%1:%2:%3:%4.%5")
        .arg(stamp.device)
        .arg(stamp.inode)
        .arg(stamp.size)
        .arg(stamp.modifiedNs / 1000000000)
        .arg(stamp.modifiedNs % 1000000000);
}

} // namespace

QString fileIdentity(const FileStamp &database, const FileStamp &wal)
{
    if (database.inode == 0)
        return {};
    return stampText(database, false) + QLatin1Char('|') + stampText(wal, true);
}

QString fileIdentity(const QString &databasePath)
{
    return fileIdentity(fileStamp(databasePath), fileStamp(databasePath + QStringLiteral("-wal")));
}

namespace {

// One value of meta; an absent key is an album of an older schema.
Result<QVariant> metaValue(Session &session, const char *key)
{
    Result<Rows> rows = session.query("SELECT value FROM meta WHERE key = ?1", {QString::fromLatin1(key)});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return session.error(ErrorCode::SchemaMismatch,
                             QStringLiteral("The album keeps no '%1' in its meta table; open it with this Quire "
                                            "to upgrade it.").arg(QLatin1String(key)));
    return rows->values.first().first();
}

} // namespace

Result<qint64> readGeneration(Session &session)
{
    Result<QVariant> value = metaValue(session, "generation");
    if (!value)
        return value.error();
    return value->toLongLong();
}

Result<QString> readName(Session &session)
{
    Result<QVariant> value = metaValue(session, "name");
    if (!value)
        return value.error();
    return value->toString();
}

} // namespace quire::detail
