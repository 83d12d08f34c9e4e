#include "quire/ui/thumbnailloader.h"

#include "quire/ui/background.h"

#include <quire/registry.h>
#include <quire/session.h>

#include <QDir>
#include <QImageReader>

namespace quire::ui {

ThumbnailLoader::ThumbnailLoader(Registry &registry, QObject *parent)
    : QObject(parent), m_registry(registry), m_background(new Background(2, this))
{
    // About 100 KB per pixmap: some 3,000 thumbnails, several screens' worth.
    m_cache.setMaxCost(300 * 1024);
}

ThumbnailLoader::~ThumbnailLoader()
{
    m_background->waitForDone();
}

bool ThumbnailLoader::isCached(const QUuid &album, qint64 pictureId) const
{
    return m_cache.contains(Key{album, pictureId});
}

QPixmap ThumbnailLoader::thumbnail(const QUuid &album, qint64 pictureId)
{
    const Key key{album, pictureId};
    if (QPixmap *cached = m_cache.object(key))
        return *cached;
    if (m_pending.contains(key))
        return {};
    m_pending.insert(key);
    ++m_loadsStarted;
    Registry *registry = &m_registry;
    m_background->run(
        this, [registry, key] { return read(*registry, key.album, key.picture, Size); },
        [this, key](QImage image) { arrived(key, image); });
    return {};
}

void ThumbnailLoader::dropQueued()
{
    // The reads already running still arrive; the others are asked for
    // again when their items are painted.
    m_background->dropQueued();
    m_pending.clear();
}

void ThumbnailLoader::forgetAlbum(const QUuid &album)
{
    const QList<Key> keys = m_cache.keys();
    for (const Key &key : keys) {
        if (key.album == album)
            m_cache.remove(key);
    }
}

void ThumbnailLoader::arrived(const Key &key, const QImage &image)
{
    m_pending.remove(key);
    QPixmap pixmap;
    if (!image.isNull())
        pixmap = QPixmap::fromImage(image);
    else {
        // Keep a blank so a picture without any image is not read again and again.
        pixmap = QPixmap(Size, Size * 3 / 4);
        pixmap.fill(QColor(0xd0, 0xd0, 0xd0));
    }
    const int cost = qMax(1, int(qint64(pixmap.width()) * pixmap.height() * 4 / 1024));
    m_cache.insert(key, new QPixmap(pixmap), cost);
    Q_EMIT loaded(key.album, key.picture);
}

QImage ThumbnailLoader::read(Registry &registry, const QUuid &albumUuid, qint64 pictureId, int size)
{
    Album album = registry.find(albumUuid);
    if (album.isNull()) {
        Result<Album> opened = registry.resolve(albumUuid.toString(QUuid::WithoutBraces));
        if (!opened)
            return {};
        album = *opened;
    }
    Result<Session> session = album.session(Access::Read, QStringLiteral("thumbnails"));
    if (!session)
        return {};
    QImage image;
    Result<std::optional<Thumbnail>> stored = session->pictures().thumbnail(pictureId);
    if (stored && *stored)
        image.loadFromData((*stored)->data);
    if (image.isNull()) {
        // No stored thumbnail (or an unreadable one): the file itself, decoded
        // at reduced scale so a large photo costs little.
        Result<std::optional<Picture>> picture = session->pictures().byId(pictureId);
        if (!picture || !*picture)
            return {};
        QImageReader reader(QDir(album.folder()).filePath((*picture)->path));
        reader.setAutoTransform(true);
        const QSize full = reader.size();
        if (full.isValid() && (full.width() > size || full.height() > size))
            reader.setScaledSize(full.scaled(size, size, Qt::KeepAspectRatio));
        image = reader.read();
    }
    if (!image.isNull() && (image.width() > size || image.height() > size))
        image = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

} // namespace quire::ui
