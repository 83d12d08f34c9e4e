#pragma once
// PictureGridModel: pictures for the thumbnail grid, either one album's
// (paged: rows arrive a page at a time through canFetchMore()/fetchMore(),
// each page read off the GUI thread, so a 10,000-picture album opens at
// once) or a search's hits (each naming its album).
//
// Thumbnails come from a ThumbnailLoader: data(Qt::DecorationRole) returns
// the cached one or a placeholder, and the row changes when it arrives.
// Rows can be dragged: mimeData() carries the pictures' album and picture
// UUIDs (see picturemime.h).

#include "quire/ui/picturemime.h"

#include <quire/picture.h>

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QPixmap>
#include <QUuid>

#include <memory>

namespace quire {
class Registry;
struct SearchHit;
}

namespace quire::ui {

class AlbumGate;
class Background;
class ThumbnailLoader;

class PictureGridModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        PictureIdRole = Qt::UserRole + 1, // qint64
        PictureUuidRole,                  // QUuid
        PathRole,                         // QString, relative to the album folder
        AlbumUuidRole,                    // QUuid
        AlbumNameRole,                    // QString
        AlbumFolderRole,                  // QString
        KindRole,                         // int: PictureKind (photo, video)
        DurationRole,                     // qint64 ms, videos only (invalid for photos and unknown lengths)
        ColourLabelRole,                  // int: ColourLabel
        PickRole,                         // int: PickState
    };
    Q_ENUM(Role)

    struct Item {
        QUuid albumUuid;
        QString albumName;
        QString albumFolder;
        Picture picture;
    };

    PictureGridModel(Registry &registry, ThumbnailLoader *thumbnails, QObject *parent = nullptr);
    ~PictureGridModel() override;

    // Page reads keep away from albums the gate holds.
    void setGate(std::shared_ptr<AlbumGate> gate) { m_gate = std::move(gate); }

    // Rows read per page.
    static constexpr int PageSize = 200;

    // Shows an album's pictures, by path; the first page is asked for at once.
    void showAlbum(const QUuid &album, const QString &name, const QString &folder);
    // Which of the album's pictures the grid shows, and in which order (the
    // filter bar's choice); its limit and offset are the model's own. The
    // album is read again from the start.
    void setFilter(const PictureFilter &filter);
    const PictureFilter &filter() const { return m_filter; }
    // Shows search hits (all of them; no paging), each naming its album.
    void showHits(const QList<SearchHit> &hits);
    void clear();
    // Reads the album again from the start (after pictures moved in or out).
    void reload();

    QUuid album() const { return m_album; }
    QString albumName() const { return m_albumName; }
    QString albumFolder() const { return m_albumFolder; }
    bool showsAlbumNames() const { return m_albumNames; }
    // True while a page is being read.
    bool isFetching() const { return m_fetching; }
    // True once the album's last page arrived (always for hits).
    bool isComplete() const { return m_complete; }
    const Item &item(int row) const { return m_items.at(row); }
    int rowOfPicture(const QUuid &album, qint64 pictureId) const;
    // Replaces the item's picture (after its rating or tags changed).
    void updatePicture(const QUuid &album, const Picture &picture);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;

Q_SIGNALS:
    // A page arrived (rows inserted), or reading it failed.
    void pageLoaded(int rows);
    void loadFailed(const QString &message);

private:
    void thumbnailArrived(const QUuid &album, qint64 pictureId);
    void pageArrived(quint64 generation, const QList<Picture> &pictures, const QString &error);
    void reindex(int from);

    Registry &m_registry;
    ThumbnailLoader *m_thumbnails = nullptr;
    Background *m_background = nullptr;
    std::shared_ptr<AlbumGate> m_gate;
    QList<Item> m_items;
    QHash<QPair<QUuid, qint64>, int> m_rows;
    QUuid m_album;
    QString m_albumName;
    QString m_albumFolder;
    quint64 m_generation = 0;
    bool m_albumNames = false;
    PictureFilter m_filter;
    bool m_fetching = false;
    bool m_complete = true;
    QPixmap m_placeholder;
};

} // namespace quire::ui
