#include "quire/registry.h"

#include "registry/catalog.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QStandardPaths>

#include <mutex>

namespace quire {

struct Registry::Private {
    explicit Private(const QString &workspace) : workspace(workspace), catalog(workspace) {}

    QString workspace;
    detail::Catalog catalog;
    mutable std::mutex mutex;
    QHash<QString, Album> byFolder; // canonical folder -> open album
};

Registry::Registry(const QString &workspaceFolder, QObject *parent)
    : QObject(parent),
      d(std::make_unique<Private>(QDir::cleanPath(QFileInfo(workspaceFolder).absoluteFilePath())))
{
}

Registry::~Registry()
{
    // Albums close when their last handle and session are gone.
}

QString Registry::defaultWorkspace()
{
    const QString fromEnvironment = qEnvironmentVariable("QUIRE_WORKSPACE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(data.isEmpty() ? QDir::homePath() : data).filePath(QStringLiteral("quire"));
}

QString Registry::workspaceFolder() const
{
    return d->workspace;
}

QString Registry::stateName(AlbumState state)
{
    switch (state) {
    case AlbumState::Available: return QStringLiteral("available");
    case AlbumState::Missing: return QStringLiteral("missing");
    case AlbumState::Damaged: return QStringLiteral("damaged");
    case AlbumState::Locked: return QStringLiteral("locked");
    case AlbumState::ReadOnly: return QStringLiteral("read-only");
    }
    return QStringLiteral("unknown");
}

Result<Album> Registry::create(const QString &folder, const QString &name)
{
    Result<Album> album = Album::create(folder, name);
    if (!album)
        return album;
    {
        std::lock_guard lock(d->mutex);
        d->byFolder.insert(album->folder(), *album);
    }
    if (auto r = d->catalog.record(*album, AlbumState::Available); !r)
        return r.error();
    Q_EMIT albumAdded(album->uuid());
    return album;
}

Result<Album> Registry::open(const QString &folder)
{
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    {
        std::lock_guard lock(d->mutex);
        const auto it = d->byFolder.constFind(canonical);
        if (!canonical.isEmpty() && it != d->byFolder.constEnd() && !it->isClosed())
            return *it;
    }
    Result<Album> album = Album::open(folder);
    if (!album)
        return album;
    bool known = false;
    {
        std::lock_guard lock(d->mutex);
        // Another thread may have opened it meanwhile: keep one Album per folder.
        const auto it = d->byFolder.constFind(album->folder());
        if (it != d->byFolder.constEnd() && !it->isClosed())
            return *it;
        d->byFolder.insert(album->folder(), *album);
    }
    Result<std::optional<CatalogEntry>> entry = d->catalog.byUuid(album->uuid());
    known = entry && *entry;
    if (auto r = d->catalog.record(*album, album->isReadOnly() ? AlbumState::ReadOnly : AlbumState::Available); !r)
        return r.error();
    if (known)
        Q_EMIT albumChanged(album->uuid());
    else
        Q_EMIT albumAdded(album->uuid());
    return album;
}

Result<Album> Registry::resolve(const QString &folderOrUuid)
{
    const QUuid uuid = QUuid::fromString(folderOrUuid);
    if (uuid.isNull() || QFileInfo::exists(folderOrUuid))
        return open(folderOrUuid);
    {
        std::lock_guard lock(d->mutex);
        for (const Album &album : std::as_const(d->byFolder)) {
            if (album.uuid() == uuid && !album.isClosed())
                return album;
        }
    }
    Result<std::optional<CatalogEntry>> entry = d->catalog.byUuid(uuid);
    if (!entry)
        return entry.error();
    if (!*entry) {
        return Error(ErrorCode::NotFound, folderOrUuid,
                     QStringLiteral("No album with this UUID is known in the workspace %1; open its "
                                    "folder once, or scan the folder it is in.").arg(d->workspace));
    }
    Result<Album> album = open((*entry)->folder);
    if (album && album->uuid() != uuid) {
        return Error(ErrorCode::NotFound, folderOrUuid,
                     QStringLiteral("The album was last seen in %1, but that folder now holds another "
                                    "album.").arg((*entry)->folder));
    }
    return album;
}

Result<void> Registry::close(const QUuid &uuid)
{
    Album album;
    {
        std::lock_guard lock(d->mutex);
        for (auto it = d->byFolder.begin(); it != d->byFolder.end(); ++it) {
            if (it->uuid() == uuid) {
                album = *it;
                d->byFolder.erase(it);
                break;
            }
        }
    }
    if (album.isNull())
        return Error(ErrorCode::NotFound, uuid.toString(QUuid::WithoutBraces),
                     QStringLiteral("The album is not open."));
    if (auto r = album.close(); !r) {
        std::lock_guard lock(d->mutex);
        d->byFolder.insert(album.folder(), album);
        return r;
    }
    Q_EMIT albumChanged(uuid);
    return {};
}

Result<QList<CatalogEntry>> Registry::catalog() const
{
    return d->catalog.all();
}

QList<Album> Registry::openAlbums() const
{
    std::lock_guard lock(d->mutex);
    return d->byFolder.values();
}

} // namespace quire
