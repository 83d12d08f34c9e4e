#include "quire/ui/thumbnailloader.h"
#include "quire/album.h"
#include "quire/pictures.h"

#include "quire/ui/albumgate.h"
#include "quire/ui/background.h"

#include <quire/album_registry.h>
#include <quire/picture_image.h>
#include <quire/session.h>

#include <QDir>

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
    std::shared_ptr<AlbumGate> gate = m_gate;
    m_background->run(
        this,
        [registry, key, gate] {
            bool unavailable = false;
            QImage image = read(*registry, key.album, key.picture, Size, gate.get(), &unavailable);
            return std::make_pair(image, unavailable);
        },
        [this, key](std::pair<QImage, bool> result) { arrived(key, result.first, result.second); });
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

void ThumbnailLoader::arrived(const Key &key, const QImage &image, bool unavailable)
{
    m_pending.remove(key);
    if (unavailable)
        return; // not cached: asked again when the item is painted next
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

QImage ThumbnailLoader::read(Registry &registry, const QUuid &albumUuid, qint64 pictureId, int size,
                             AlbumGate *gate, bool *unavailable)
{
    AlbumGate::ReadLock lock;
    Result<Album> opened = AlbumGate::open(registry, gate, albumUuid, lock);
    Result<Session> session = opened ? opened->session(Access::Read, QStringLiteral("thumbnails"))
                                     : Result<Session>(opened.error());
    if (!session) {
        if (unavailable)
            *unavailable = true;
        return {};
    }
    const Album &album = *opened;
    QImage image;
    Result<std::optional<Thumbnail>> stored = quire::Pictures(*session).thumbnail(pictureId);
    if (stored && *stored)
        image.loadFromData((*stored)->data);
    if (image.isNull()) {
        // No stored thumbnail (or an unreadable one): the file itself, decoded
        // at reduced scale so a large photo costs little.
        Result<std::optional<Picture>> picture = quire::Pictures(*session).byId(pictureId);
        if (!picture || !*picture)
            return {};
        // The importer's decoder, so a HEIC or a RAW shows here too.
        if (Result<QImage> decoded = readPictureImage(QDir(album.folder()).filePath((*picture)->path), size))
            image = std::move(*decoded);
    }
    if (!image.isNull() && (image.width() > size || image.height() > size))
        image = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

} // namespace quire::ui
