#pragma once
// ThumbnailLoader: pictures' thumbnails, read and decoded off the GUI thread
// and kept in a cache.
//
// thumbnail() answers at once: the cached pixmap, or a null one after
// queueing a read (loaded() follows on the GUI thread). The read takes a
// read session on the album, the stored thumbnail (Pictures::thumbnail),
// else the image file itself at reduced scale, and decodes it on a pool
// thread; only the QImage -> QPixmap step happens on the GUI thread.
// dropQueued() forgets the reads not started yet (the view calls it when
// it scrolls, so what is on screen now comes first).

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QUuid>

#include <memory>

namespace quire {
class Registry;
}

namespace quire::ui {

class AlbumGate;
class Background;

class ThumbnailLoader : public QObject
{
    Q_OBJECT
public:
    explicit ThumbnailLoader(Registry &registry, QObject *parent = nullptr);
    ~ThumbnailLoader() override;

    // The long edge of the pixmaps handed out.
    static constexpr int Size = 160;

    QPixmap thumbnail(const QUuid &album, qint64 pictureId);
    bool isCached(const QUuid &album, qint64 pictureId) const;
    void dropQueued();
    // Forgets an album's cached thumbnails (its pictures changed).
    void forgetAlbum(const QUuid &album);
    int loadsStarted() const { return m_loadsStarted; }
    // Reads keep away from albums the gate holds (and are asked again later).
    void setGate(std::shared_ptr<AlbumGate> gate) { m_gate = std::move(gate); }

    // Reads one thumbnail on the calling thread (for workers): the stored
    // thumbnail, else the file scaled down; a null image when neither works.
    // *unavailable (when given) says the album could not be opened at all.
    static QImage read(Registry &registry, const QUuid &album, qint64 pictureId, int size,
                       AlbumGate *gate = nullptr, bool *unavailable = nullptr);

Q_SIGNALS:
    void loaded(const QUuid &album, qint64 pictureId);

private:
    struct Key {
        QUuid album;
        qint64 picture = 0;
        bool operator==(const Key &) const = default;
    };
    friend size_t qHash(const Key &key, size_t seed) { return qHashMulti(seed, key.album, key.picture); }

    void arrived(const Key &key, const QImage &image, bool unavailable);

    Registry &m_registry;
    Background *m_background = nullptr;
    std::shared_ptr<AlbumGate> m_gate;
    QCache<Key, QPixmap> m_cache;
    QSet<Key> m_pending;
    int m_loadsStarted = 0;
};

} // namespace quire::ui
